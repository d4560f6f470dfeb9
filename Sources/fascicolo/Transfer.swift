import ArgumentParser
import FascicoloCore
import FascicoloEngine
import Foundation

/// `fascicolo import FILE`: JSON Lines in; failing lines are reported and the rest goes in.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importa contatti e pratiche da JSON Lines (- per lo standard input).")

    @OptionGroup var project: ProjectOptions
    @Argument(help: "File JSON Lines.") var file: String

    func run() throws {
        let (engine, actor) = try project.session()
        guard let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file) else {
            throw UserFacingError(message: "file non leggibile: \(file)")
        }
        let data = handle.readDataToEndOfFile()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let progress = ProgressLine(total: lines.count, label: "importazione")
        let report = try engine.importLines(lines, actor: actor) { progress.update($0) }
        progress.finish()
        for failure in report.failures { Terminal.note("riga \(failure.line): \(failure.message)") }
        print("Importati \(report.contacts) contatti e \(report.pratiche) pratiche; \(report.failures.count) righe scartate.")
        if !report.failures.isEmpty { throw ExitCode.failure }
    }
}

/// `fascicolo export`: every contact and pratica as JSON Lines.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Esporta contatti e pratiche in JSON Lines.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "File di destinazione (predefinito: standard output).") var output: String?

    func run() throws {
        let (engine, actor) = try project.session()
        var sink = try TextSink(path: output)
        let progress = output == nil ? nil : ProgressLine(total: try engine.list(ListRequest(), actor: actor).total, label: "esportazione")
        var written = 0
        try engine.exportLines(actor: actor) { line in
            sink.write(line + "\n")
            if line.hasPrefix("{\"record\":\"pratica\"") {
                written += 1
                if written % 500 == 0 { progress?.update(written) }
            }
        }
        progress?.update(written)
        progress?.finish()
        sink.flush()
    }
}

/// Buffered output to a file (created anew) or to standard output.
struct TextSink {
    private let handle: FileHandle
    private var buffer = ""

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw UserFacingError(message: "impossibile scrivere \(path)")
        }
        handle = file
    }

    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
