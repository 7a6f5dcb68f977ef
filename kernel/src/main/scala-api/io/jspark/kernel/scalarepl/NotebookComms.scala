package io.jspark.kernel.scalarepl

import io.jspark.kernel.api.{Comm, CommManager}
import scala.collection.JavaConverters._

/**
 * Comms with Scala's maps and functions: {@code comms.open("target", Map("a" -> 1))},
 * {@code comms.registerTarget("target") { (comm, data) => ... }}. Messages are JSON: maps, sequences,
 * strings, numbers (BigDecimal and BigInt too), booleans and null, nested as deep as the frontend sends
 * them; a tuple goes as a list, an Option as its value or null.
 */
final class NotebookComms private[scalarepl] (manager: CommManager) {
  def open(targetName: String, data: Map[String, Any] = Map.empty): NotebookComm =
    new NotebookComm(manager.open(targetName, NotebookComms.toJava(data)))

  /** {@code opened} runs on the kernel's shell thread when a frontend opens a comm to {@code targetName}. */
  def registerTarget(targetName: String)(opened: (NotebookComm, Map[String, Any]) => Unit): Unit =
    manager.registerTarget(targetName, (comm: Comm, data: java.util.Map[String, Object]) =>
      opened(new NotebookComm(comm), NotebookComms.toScala(data)))

  def unregisterTarget(targetName: String): Unit = manager.unregisterTarget(targetName)

  /** The open comms by id, with their target names; of one target only when it is given. */
  def openComms(targetName: String = null): Map[String, String] = manager.openComms(targetName).asScala.toMap

  /** The Java API's manager, for code written against it. */
  def asJava: CommManager = manager
}

final class NotebookComm private[scalarepl] (comm: Comm) {
  def id: String = comm.id()
  def targetName: String = comm.targetName()
  def isOpen: Boolean = comm.isOpen
  def send(data: Map[String, Any]): Unit = comm.send(NotebookComms.toJava(data))
  def close(data: Map[String, Any] = Map.empty): Unit = comm.close(NotebookComms.toJava(data))
  /** Handlers run on the kernel's shell thread, while cells may run. */
  def onMessage(handler: Map[String, Any] => Unit): Unit = comm.onMessage(data => handler(NotebookComms.toScala(data)))
  def onClose(handler: Map[String, Any] => Unit): Unit = comm.onClose(data => handler(NotebookComms.toScala(data)))
  def asJava: Comm = comm
  override def toString: String = s"Comm($targetName, $id)"
}

object NotebookComms {
  private[scalarepl] def toJava(data: Map[String, Any]): java.util.Map[String, Object] = {
    val out = new java.util.LinkedHashMap[String, Object]()
    data.foreach { case (k, v) => out.put(k, javaValue(v)) }
    out
  }

  private def javaValue(value: Any): Object = value match {
    case m: scala.collection.Map[_, _] =>
      val out = new java.util.LinkedHashMap[String, Object]()
      m.foreach { case (k, v) => out.put(String.valueOf(k), javaValue(v)) }
      out
    case s: Iterable[_] => s.map(javaValue).toList.asJava
    case a: Array[_] => a.map(javaValue).toList.asJava
    case d: BigDecimal => d.bigDecimal
    case i: BigInt => i.bigInteger
    case t: Product if t.getClass.getName.startsWith("scala.Tuple") => t.productIterator.map(javaValue).toList.asJava
    case Some(v) => javaValue(v)
    case None => null
    case other => other.asInstanceOf[Object]
  }

  private[scalarepl] def toScala(data: java.util.Map[String, Object]): Map[String, Any] =
    if (data == null) Map.empty else data.asScala.map { case (k, v) => k -> scalaValue(v) }.toMap

  private def scalaValue(value: Any): Any = value match {
    case m: java.util.Map[_, _] => m.asScala.map { case (k, v) => String.valueOf(k) -> scalaValue(v) }.toMap
    case l: java.util.List[_] => l.asScala.map(scalaValue).toList
    case other => other
  }
}
