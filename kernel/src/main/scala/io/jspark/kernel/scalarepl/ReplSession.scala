package io.jspark.kernel.scalarepl

import java.io.{File, PrintWriter, Writer}
import java.util.{List => JList}
import scala.collection.JavaConverters._
import scala.reflect.internal.util.Position
import scala.tools.nsc.Settings
import scala.tools.nsc.interpreter.{IMain, PresentationCompilerCompleter, ReplReporter, Results}

/** A compiler message: the line it points at (1-based, 0: none) in the source the compiler saw, and the column. */
final class ReplMessage(val error: Boolean, val message: String, val line: Int, val column: Int)

/**
 * Where a request's generated source holds the cell's lines: {@code cellLines(n)} is the cell line
 * (1-based) of generated line n, 0 for generated lines. {@code packageName} is the request's line
 * package, which names the classes of its code in stack traces.
 */
final class ReplLines(val packageName: String, val cellLines: Array[Int]) {
  def cellLine(generatedLine: Int): Int =
    if (generatedLine > 0 && generatedLine < cellLines.length) cellLines(generatedLine) else 0
}

/**
 * What one evaluation gave. {@code status}: ok, error (compile errors in {@code messages}, or
 * {@code thrown}) or incomplete. {@code echo}: one line per definition, as the Scala REPL prints them.
 */
final class ReplOutcome(val status: String, val echo: JList[String], val hasValue: Boolean, val value: AnyRef,
    val messages: JList[ReplMessage], val thrown: Throwable, val lines: ReplLines)

/**
 * Scala's own interpreter (IMain) for one notebook, seen through plain Java types: all the kernel's
 * logic stays in Java. Not thread-safe: the kernel calls it from one thread at a time.
 *
 * @param classpath     the compiler's class path
 * @param outputDir     where the classes of cells go (-Yrepl-outdir); executors load them from there
 * @param options       further scalac options
 * @param parent        the class loader cells' classes are loaded under
 * @param enter         runs on the cell thread as a cell's own code starts (its classes are compiled)
 * @param leave         runs on the cell thread as the cell's own code ends
 */
final class ReplSession(classpath: String, outputDir: File, options: JList[String], parent: ClassLoader,
    enter: Runnable, leave: Runnable) {
  private val messages = new java.util.ArrayList[ReplMessage]()
  private val maxEcho = 200

  private val settings: Settings = {
    val s = new Settings(error => messages.add(new ReplMessage(true, error, 0, -1)))
    // The parent loader of cells' classes; the class path is given, not read from resources.
    s.embeddedDefaults(parent)
    s.processArguments(options.asScala.toList, processAll = true)
    s.classpath.value = classpath
    s.Yreplclassbased.value = true
    s.Yreploutdir.value = outputDir.getAbsolutePath
    s
  }

  private val discard: Writer = new Writer {
    override def write(buf: Array[Char], off: Int, len: Int): Unit = ()
    override def flush(): Unit = ()
    override def close(): Unit = ()
  }

  val intp: IMain = new IMain(settings, new PrintWriter(discard)) {
    override lazy val reporter: ReplReporter = new ReplReporter(this) {
      override protected def display(pos: Position, msg: String, severity: Severity): Unit = {
        val isError = severity == ERROR
        if (isError || severity == WARNING) {
          val line = if (pos.isDefined) pos.line else 0
          val column = if (pos.isDefined) pos.column else -1
          messages.add(new ReplMessage(isError, msg, line, column))
        }
      }
      override def printMessage(msg: String): Unit = ()
    }
  }
  intp.initializeSynchronous()
  // Values are echoed by the kernel, not by generated print code; exceptions reach the kernel as thrown.
  intp.beQuietDuring(())
  setPrivate("printResults", false)
  setPrivate("bindExceptions", false)
  private val sessionKey = ReplRun.register(enter, leave)
  intp.setExecutionWrapper(s"""_root_.io.jspark.kernel.scalarepl.ReplRun.around("$sessionKey")""")

  private lazy val completer = new PresentationCompilerCompleter(intp)

  /** IMain's switches are private to the compiler's packages: set as fields, whose names scalac may expand. */
  private def setPrivate(name: String, value: Boolean): Unit = {
    val field = classOf[IMain].getDeclaredFields.find(f => f.getName == name || f.getName.endsWith("$$" + name))
      .getOrElse(throw new IllegalStateException(s"this Scala has no IMain.$name"))
    field.setAccessible(true)
    field.setBoolean(intp, value)
  }

  def eval(code: String): ReplOutcome = {
    messages.clear()
    val before = executing
    // scala.Console keeps a stream of its own; the kernel's System.out and System.err route by cell.
    val result = try Right(Console.withOut(System.out)(Console.withErr(System.err)(intp.interpret(code)))) catch {
      case t: Throwable =>
        // interpret resets its reporter only when it returns; leftover warnings would fail the next parse.
        intp.reporter.reset()
        Left(unwrap(t))
    }
    val lines = linesOf(code, before)
    result match {
      case Left(thrown) => new ReplOutcome("error", List.empty[String].asJava, false, null, copyMessages(), thrown, lines)
      case Right(Results.Success) => succeeded(lines)
      case Right(Results.Incomplete) => new ReplOutcome("incomplete", List.empty[String].asJava, false, null, copyMessages(), null, lines)
      case Right(_) => new ReplOutcome("error", List.empty[String].asJava, false, null, copyMessages(), null, lines)
    }
  }

  /** Where the lines of the request that runs now went, {@code code} being what the cell gave; on the cell thread. */
  def executingLines(code: String): ReplLines = linesOf(code, null)

  /** IMain's request being compiled or run; private to it, read for where the cell's lines went. */
  private val executingField = {
    val field = classOf[IMain].getDeclaredFields.find(_.getName.endsWith("executingRequest")).orNull
    if (field != null) field.setAccessible(true)
    field
  }

  private def executing: AnyRef = if (executingField == null) null else executingField.get(intp)

  /** The line package of the request being compiled or run ("$line12"), or null; its classes are in the folder of that name. */
  def executingPackage: String = executing match {
    case null => null
    case req => req.asInstanceOf[intp.Request].lineRep.packageName
  }

  /**
   * What the request being compiled or run defines and imports, in the cell's order, as the REPL names
   * them (`x`, `f`, `class P`, `object O`, `import scala.util.Random`); on the cell thread.
   */
  def executingDefinitions: JList[String] = executing match {
    case null => List.empty[String].asJava
    case r =>
      val req = r.asInstanceOf[intp.Request]
      req.handlers.flatMap { h =>
        val name = h.definesTerm.orElse(h.definesType).map(_.decode).getOrElse("")
        h.getClass.getSimpleName match {
          case "ValHandler" if intp.naming.isUserVarName(name) => None
          case "ValHandler" | "DefHandler" => Some(name)
          case "ModuleHandler" => Some(s"object $name")
          case "ClassHandler" => Some(s"${h.member.asInstanceOf[intp.global.ClassDef].keyword} $name")
          case "TypeAliasHandler" => Some(s"type $name")
          case "ImportHandler" => Some(h.member.toString)
          case _ => None
        }
      }.asJava
  }

  /**
   * The lines of the request the last eval built, or null when it built none (input the parser
   * refused: its positions are the code's own). IMain puts the code after a preamble and, before a
   * trailing expression, a line "val resN =", so generated lines are matched to the code's by text.
   */
  private def linesOf(code: String, before: AnyRef): ReplLines = try {
    val req = executing
    if (req == null || (req eq before)) null
    else {
      val wrapper = req.getClass.getMethod("ObjectSourceCode").invoke(req)
      val preamble = wrapper.getClass.getMethod("preamble").invoke(wrapper).asInstanceOf[String]
      val compiled = req.asInstanceOf[intp.Request].line
      // The source compiled is "package $lineN", a blank line, then the wrapper: preamble, code, postamble.
      val preambleLines = 2 + preamble.substring(0, preamble.length - compiled.length).count(_ == '\n')
      val codeLines = code.split("\n", -1)
      val generated = compiled.split("\n", -1)
      val map = new Array[Int](preambleLines + generated.length + 2)
      var next = 0
      for ((text, i) <- generated.zipWithIndex) {
        val found = codeLines.indexWhere(l => l.trim == text.trim && text.trim.nonEmpty, next)
        if (found >= 0) {
          map(preambleLines + i + 1) = found + 1
          next = found + 1
        }
      }
      new ReplLines(req.asInstanceOf[intp.Request].lineRep.packageName, map)
    }
  } catch {
    case _: ReflectiveOperationException | _: RuntimeException => null
  }

  private def copyMessages(): JList[ReplMessage] = new java.util.ArrayList[ReplMessage](messages)

  private def unwrap(t: Throwable): Throwable = t match {
    case e: java.lang.reflect.InvocationTargetException if e.getCause != null => unwrap(e.getCause)
    case e: ExceptionInInitializerError if e.getCause != null => unwrap(e.getCause)
    case e => e
  }

  private def succeeded(lines: ReplLines): ReplOutcome = {
    val req = intp.lastRequest
    val handlers = req.handlers
    val echo = new java.util.ArrayList[String]()
    var hasValue = false
    var value: AnyRef = null
    handlers.zipWithIndex.foreach { case (h, i) =>
      val kind = h.getClass.getSimpleName
      val name = h.definesTerm.orElse(h.definesType).map(_.decode).getOrElse("")
      val synthetic = kind == "ValHandler" && intp.naming.isUserVarName(name)
      if (synthetic && i == handlers.size - 1) {
        if (req.typeOf.get(intp.global.newTermName(name)).exists(_ != "Unit")) {
          hasValue = true
          value = intp.valueOfTerm(name).map(_.asInstanceOf[AnyRef]).orNull
        }
      } else if (!synthetic) {
        echoOf(kind, name, h, req).foreach(echo.add)
      }
    }
    new ReplOutcome("ok", echo, hasValue, value, copyMessages(), null, lines)
  }

  private def echoOf(kind: String, name: String, h: intp.memberHandlers.MemberHandler, req: intp.Request): Option[String] = {
    def typeOf = req.typeOf.getOrElse(intp.global.newTermName(name), "")
    kind match {
      case "ValHandler" =>
        val member = h.member.asInstanceOf[intp.global.ValDef]
        if (!member.mods.isPublic) None
        else if (member.mods.isLazy) Some(s"$name: $typeOf = <lazy>")
        else Some(s"$name: $typeOf = " + abbreviate(intp.valueOfTerm(name).orNull))
      case "DefHandler" => Some(s"$name: $typeOf")
      case "AssignHandler" =>
        // x = 5: the handler's name is IMain's own; the REPL shows the variable assigned.
        val target = h.member.asInstanceOf[intp.global.Assign].lhs.toString
        val tpe = intp.global.exitingTyper(intp.typeOfTerm(target).finalResultType.toString)
        Some(s"$target: $tpe = " + abbreviate(intp.valueOfTerm(target).orNull))
      case "ModuleHandler" => Some(s"defined object $name")
      case "ClassHandler" => Some(s"defined ${h.member.asInstanceOf[intp.global.ClassDef].keyword} $name")
      case "TypeAliasHandler" => Some(s"defined type alias $name")
      case _ => None
    }
  }

  /** One short line, as a notebook shows a definition: long or multi-line values are cut. */
  private def abbreviate(value: Any): String = {
    val text = try scala.runtime.ScalaRunTime.replStringOf(value, 100).stripSuffix("\n") catch {
      case e: Throwable => s"<toString failed: ${e.getClass.getName}>"
    }
    val firstLine = text.linesIterator.toList.headOption.getOrElse("")
    if (firstLine.length > maxEcho) firstLine.take(maxEcho) + "…"
    else if (firstLine.length < text.length) firstLine + " …"
    else firstLine
  }

  /** Declares {@code name} as {@code value} of type {@code typeName}; {@code @transient} keeps it out of serialized closures. */
  def bind(name: String, typeName: String, value: AnyRef, transient: Boolean): ReplOutcome = {
    messages.clear()
    val result = try intp.beQuietDuring(intp.bind(name, typeName, value, if (transient) List("@transient") else Nil)) catch {
      case _: Throwable =>
        intp.reporter.reset()
        Results.Error
    }
    val status = if (result == Results.Success) "ok" else "error"
    new ReplOutcome(status, List.empty[String].asJava, false, null, copyMessages(), null, null)
  }

  /** Completion candidates at {@code cursor}: the offset they replace from, then the names. */
  def complete(code: String, cursor: Int): JList[String] = {
    val found = try completer.complete(code, cursor) catch {
      case _: Exception => return List(cursor.toString).asJava
    }
    val names = found.candidates.filter(c => c.nonEmpty && !c.contains(' '))
    (found.cursor.toString :: names).asJava
  }

  /**
   * The signatures of the member or value named just before {@code cursor} (all overloads), from
   * the presentation compiler, which shows them when completion is asked again at the same place.
   */
  def signatures(code: String, cursor: Int): JList[String] = {
    try {
      completer.resetVerbosity()
      completer.complete(code, cursor)
      completer.complete(code, cursor).candidates.filter(_.contains(' ')).asJava
    } catch {
      case _: Exception => List.empty[String].asJava
    }
  }

  /** Whether an earlier cell or binding defined a term of this name. */
  def isDefined(name: String): Boolean = intp.definedTerms.exists(_.toString == name)

  /** complete, incomplete or invalid, as the parser sees the code. */
  def completeness(code: String): String = intp.parse(code) match {
    case intp.parse.Success(_) => "complete"
    case intp.parse.Incomplete(_) => "incomplete"
    case _ => "invalid"
  }

  /** The type of an expression without evaluating it, or "" when it has none. */
  def typeOf(expression: String): String = {
    messages.clear()
    try {
      val tpe = intp.typeOfExpression(expression, silent = true)
      if (tpe == intp.global.NoType) "" else intp.global.exitingTyper(tpe.toString)
    } catch {
      case _: Throwable =>
        intp.reporter.reset()
        ""
    }
  }

  def addToClasspath(urls: Array[java.net.URL]): Unit = intp.addUrlsToClassPath(urls: _*)

  def classLoader: ClassLoader = intp.classLoader

  def close(): Unit = {
    ReplRun.unregister(sessionKey)
    intp.close()
  }
}

/**
 * The execution wrapper every cell's code runs in, so that the kernel knows when a cell's own code
 * (not the compiler) runs. Static because compiled cells reach the kernel only through classes.
 */
object ReplRun {
  private val sessions = new java.util.concurrent.ConcurrentHashMap[String, (Runnable, Runnable)]()

  private[scalarepl] def register(enter: Runnable, leave: Runnable): String = {
    val key = java.util.UUID.randomUUID().toString
    sessions.put(key, (enter, leave))
    key
  }

  private[scalarepl] def unregister(key: String): Unit = sessions.remove(key)

  def around[T](session: String)(body: => T): T = {
    val hooks = sessions.get(session)
    if (hooks == null) body
    else {
      hooks._1.run()
      try body finally hooks._2.run()
    }
  }
}
