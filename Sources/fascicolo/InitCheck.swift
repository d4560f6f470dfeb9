import ArgumentParser
import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation

/// `fascicolo init`: creates the data folder, the database and the first account.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Crea la cartella dei dati e il primo account.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "Nome dell'account (l'OCC o il professionista).")
    var name = "OCC"

    @Option(help: "Tipo di account: occ o professionista.")
    var kind = "occ"

    func run() throws {
        let engine = try project.engine()
        if let existing = try engine.accounts().first {
            print("Archivio già inizializzato in \(project.dataURL.path): account \(existing.code) (\(existing.name)).")
            return
        }
        let account = try engine.createAccount(name: name, kind: kind)
        print("Archivio creato in \(project.dataURL.path): account \(account.code) (\(account.name)).")
    }
}

/// `fascicolo check`: loads every type and prints every diagnostic.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Controlla tipologie (types/*.yaml), tipi di progetto (types/progetti/*.yaml), ruoli (roles.yaml), plugin (plugins/*.lua), modelli (templates/) e report (scripts/*.lua): ogni errore con file:riga:colonna."
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let loaded = Project.load(root: project.rootURL)
        let templates = BuiltInTemplates.check(project: loaded)
        let reports = loaded.reportScripts()
        let diagnostics = loaded.diagnostics + templates.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }.count + reports.problems.count
        if output.json {
            print(
                JSON.object([
                    ("tipologie", .array(loaded.types.map { .string($0.id) })),
                    ("tipi_progetto", .array(loaded.projectKinds.map { .string($0.id) })),
                    ("ruoli", .array(loaded.roles.all.map { .string($0.id) })),
                    ("modelli", .number(String(templates.count))),
                    ("report", .array(reports.reports.map { .string($0.name) })),
                    ("errori_report", .array(reports.problems.map(JSON.string))),
                    (
                        "diagnostica",
                        .array(
                            diagnostics.map { diagnostic in
                                .object([
                                    ("file", .string(diagnostic.file)), ("riga", .number(String(diagnostic.line))),
                                    ("colonna", .number(String(diagnostic.column))), ("gravita", .string(diagnostic.severity.rawValue)),
                                    ("messaggio", .string(diagnostic.message)),
                                ])
                            })
                    ),
                ]).pretty)
            if errors > 0 { throw ExitCode.failure }
            return
        }
        for diagnostic in diagnostics { print(diagnostic) }
        for problem in reports.problems { print(problem) }
        guard errors == 0 else {
            throw UserFacingError(message: errors == 1 ? "1 errore" : "\(errors) errori")
        }
        let count = loaded.types.count
        let kinds = loaded.projectKinds.count
        let roles = loaded.roles.all.count
        print(
            (count == 1 ? "ok: 1 tipologia" : "ok: \(count) tipologie") + (kinds == 1 ? ", 1 tipo di progetto" : ", \(kinds) tipi di progetto")
                + ", \(roles) ruoli, \(templates.count) modelli, \(reports.reports.count) report")
    }
}

/// `fascicolo backup FILE`: a consistent copy of the live database.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copia coerente del database, anche mentre è in uso, con gli allegati e la chiave dell'area riservata accanto.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "File di destinazione.")
    var destination: String

    func run() throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw UserFacingError(message: "il file di destinazione esiste già")
        }
        try project.engine().backup(to: URL(fileURLWithPath: destination))
        print("Copia scritta in \(destination).")
    }
}
