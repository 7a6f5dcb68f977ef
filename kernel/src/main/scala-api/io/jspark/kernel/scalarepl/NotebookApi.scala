package io.jspark.kernel.scalarepl

import io.jspark.display.{MimeBundle, RendererRegistry}
import io.jspark.kernel.api.Notebook
import java.awt.image.BufferedImage

/**
 * The notebook API as Scala cells use it, imported into every cell: the Java API's, except that
 * showing returns nothing, so that a cell ending in display(x) has no result of its own.
 */
object NotebookApi {
  def display(value: Any): Unit = Notebook.display(value)

  def display(value: Any, displayId: String): Unit = Notebook.display(value, displayId)

  /** Shows {@code value} under a new display id and returns the id, for updateDisplay. */
  def newDisplay(value: Any): String = Notebook.display(value)

  def updateDisplay(displayId: String, value: Any): Unit = Notebook.updateDisplay(displayId, value)

  def clearOutput(): Unit = Notebook.clearOutput()

  def clearOutput(wait: Boolean): Unit = Notebook.clearOutput(wait)

  def html(html: String): MimeBundle = Notebook.html(html)

  def markdown(markdown: String): MimeBundle = Notebook.markdown(markdown)

  def svg(svg: String): MimeBundle = Notebook.svg(svg)

  def image(image: BufferedImage): MimeBundle = Notebook.image(image)

  def renderers: RendererRegistry = Notebook.renderers()

  /** Comms with Scala maps and functions; {@code comms().asJava} is the Java API's manager. */
  def comms(): NotebookComms = new NotebookComms(Notebook.comms())

  def readLine(prompt: String): String = Notebook.readLine(prompt)

  def readPassword(prompt: String): String = Notebook.readPassword(prompt)
}
