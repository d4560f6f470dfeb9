import ArgumentParser
import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Foundation

/// Where the project and the data are, shared by every command.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "Cartella del progetto (types/, plugins/, data/). Predefinita: $FASCICOLO_HOME o la cartella corrente.")
    var root: String?

    @Option(name: .long, help: "Cartella dei dati (database). Predefinita: $FASCICOLO_DATA o ./fascicolo-data.")
    var data: String?

    @Option(name: .long, help: "Codice a 6 cifre dell'account per cui si opera (predefinito: il primo).")
    var account: String?

    var rootURL: URL { root.map { URL(fileURLWithPath: $0) } ?? Project.defaultRoot() }

    var dataURL: URL {
        if let data { return URL(fileURLWithPath: data) }
        if let env = ProcessInfo.processInfo.environment["FASCICOLO_DATA"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: "fascicolo-data")
    }

    /// The engine over a project that loaded without errors.
    func engine(_ configuration: EngineConfiguration = EngineConfiguration()) throws -> Engine {
        try Engine(project: try Project.loadStrict(root: rootURL), dataDirectory: dataURL, configuration: configuration)
    }

    /// The engine and who acts: the chosen account, named after the system user.
    func session() throws -> (Engine, Actor) {
        let engine = try self.engine()
        let accounts = try engine.accounts()
        guard let chosen = account.map({ code in accounts.first { $0.code == code } }) ?? accounts.first else {
            throw UserFacingError(message: account == nil ? "nessun account: eseguire prima 'fascicolo init'" : "account \(account!) inesistente")
        }
        let user = ProcessInfo.processInfo.environment["USER"] ?? "utente"
        return (engine, Actor(accountId: chosen.id, name: "cli:\(user)"))
    }
}

/// `--json` for read commands.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Stampa il risultato in JSON.")
    var json = false

    /// Prints `document` as indented JSON with `--json`; otherwise runs `text`.
    func emit(_ document: @autoclosure () -> JSON, text: () throws -> Void) rethrows {
        if json {
            print(document().pretty)
        } else {
            try text()
        }
    }
}

/// Parses `campo=valore` assignments into values; the text is coerced later by the field's type.
enum Assignments {
    static func parse(_ items: [String]) throws -> [(path: String, value: Value)] {
        try items.enumerated().map { position, item in
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("l'argomento \(position + 1) non è un'assegnazione: scrivere campo=valore")
            }
            let value = String(item[item.index(after: equals)...])
            return (String(item[..<equals]), value.isEmpty ? .null : .text(value))
        }
    }

    /// Reads a JSON object of fields from a file or `-` (standard input).
    static func readJSON(_ path: String) throws -> [String: Value] {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        guard let data else { throw UserFacingError(message: "file non leggibile: \(path)") }
        let json = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        guard case .record(let fields) = DocumentCodec.value(json) else {
            throw UserFacingError(message: "il JSON dei campi deve essere un oggetto")
        }
        return fields
    }
}
