import ArgumentParser
import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation

/// `fascicolo report list|run`: the Lua report scripts of `scripts/`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Elenca ed esegue i report (script Lua in scripts/).",
        subcommands: [List.self, Run.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Elenca i report con i loro parametri.")
        @OptionGroup var project: ProjectOptions

        func run() throws {
            let engine = try project.engine()
            let (reports, problems) = engine.reports()
            for report in reports {
                let parameters = report.parameters.map { "--param \($0.id)=…" + ($0.defaultValue.map { " (predefinito: \($0))" } ?? "") }
                print(([report.name, report.title] + parameters).joined(separator: "  "))
            }
            for problem in problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Esegue un report e ne stampa il risultato.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

        @OptionGroup var project: ProjectOptions
        @Argument(help: "Nome del report (il file scripts/NOME.lua).") var name: String
        @Option(name: .customLong("param"), help: "Parametro del report, come anno=2025 (ripetibile).") var parameters: [String] = []
        @Option(help: "Formato: table, csv o json.") var format: Format = .table

        func run() throws {
            var arguments: [String: String] = [:]
            for item in parameters {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw ValidationError("--param \(item): scrivere nome=valore")
                }
                arguments[String(item[..<equals])] = String(item[item.index(after: equals)...])
            }
            let (engine, actor) = try project.session()
            let output = try engine.runReport(name: name, arguments: arguments, actor: actor)
            switch format {
            case .table: print(ReportRenderer.plainText(output), terminator: "")
            case .csv: FileHandle.standardOutput.write(Data(ReportRenderer.csv(output).utf8))
            case .json: print(ReportRenderer.json(output).pretty)
            }
        }
    }
}

/// `fascicolo document`: fills a template for a pratica and writes the .docx or the PDF.
struct DocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "document", abstract: "Compila un modello (.docx) per una pratica, in Word o PDF.")

    @OptionGroup var project: ProjectOptions
    @Argument(help: "Modello: il nome di un modello incluso (preventivo, lettera-nomina-gestore, …) o ufficio-N.") var template: String
    @Option(help: "Numero della pratica.") var pratica: Int64
    @Option(name: .shortAndLong, help: "File da scrivere: .docx o .pdf.") var output: String

    func run() throws {
        let format: RenderedDocument.Format = output.lowercased().hasSuffix(".pdf") ? .pdf : .docx
        let (engine, actor) = try project.session()
        let service = DocumentService(engine: engine, converter: PDFConverter(profile: project.dataURL.appendingPathComponent("libreoffice")))
        let document = try service.document(key: template, praticaId: pratica, format: format, actor: actor)
        try document.data.write(to: URL(fileURLWithPath: output))
        print("scritto \(output) (\(document.data.count) byte)")
    }
}
