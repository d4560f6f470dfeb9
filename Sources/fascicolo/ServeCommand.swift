import ArgumentParser
import FascicoloEngine
import FascicoloWeb
import Foundation
import Hummingbird
import Logging

/// `fascicolo serve`: the web front and the JSON API, until Ctrl-C or SIGTERM (requests in
/// flight are given `--grace` seconds to finish, then interrupted; the process always exits 0).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Avvia l'applicazione web e l'API JSON.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "Indirizzo su cui ascoltare.")
    var host = "127.0.0.1"

    @Option(help: "Porta su cui ascoltare.")
    var port = 8080

    @Option(
        name: .customLong("secure-cookies"), help: "Cookie di sessione con l'attributo Secure (sì/no; predefinito: sì se l'indirizzo non è locale).")
    var secureCookies: String?

    @Flag(help: "Registra solo avvisi ed errori, non ogni richiesta.")
    var quiet = false

    @Option(name: .customLong("list-cache"), help: "Pagine di elenco tenute in memoria fino alla prossima modifica (0 le disattiva).")
    var listCache = 64

    @Option(name: .customLong("upload-limit-mb"), help: "Dimensione massima di un allegato, in MB (da 1 a 1024).")
    var uploadLimitMB = 25

    @Option(help: "Secondi concessi alle richieste in corso quando si chiede l'arresto (SIGTERM o Ctrl-C); poi vengono interrotte.")
    var grace = 10

    @Option(
        name: .customLong("trusted-proxy"),
        help: "Proxy inverso fidato (indirizzo o CIDR, es. 127.0.0.1/32; ripetibile): solo da esso si leggono X-Forwarded-For/-Proto e Forwarded.")
    var trustedProxy: [String] = []

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("porta non valida: da 1 a 65535") }
        guard (0...10_000).contains(listCache) else { throw ValidationError("--list-cache: da 0 a 10000 pagine") }
        guard (1...1024).contains(uploadLimitMB) else { throw ValidationError("--upload-limit-mb: da 1 a 1024") }
        guard (0...3600).contains(grace) else { throw ValidationError("--grace: da 0 a 3600 secondi") }
        if let invalid = TrustedProxies.parse(trustedProxy).invalid {
            throw ValidationError("--trusted-proxy: indirizzo o CIDR non valido: \(invalid)")
        }
        if let secureCookies, !["sì", "si", "no"].contains(secureCookies) { throw ValidationError("--secure-cookies vuole sì o no") }
    }

    /// The engine with this command's cache and upload settings.
    private func makeEngine() throws -> Engine {
        try project.engine(EngineConfiguration(listCacheCapacity: listCache, uploadLimit: Int64(uploadLimitMB) << 20))
    }

    func run() async throws {
        let started = ContinuousClock.now
        let engine = try makeEngine()
        let (accounts, users) = try await engine.perform { (try $0.accounts(), try $0.users()) }
        guard !accounts.isEmpty else { throw UserFacingError(message: "nessun account: eseguire prima 'fascicolo init'") }
        if users.isEmpty {
            Terminal.note("attenzione: nessun utente; crearne uno con 'fascicolo user add --email … --name …'")
        }
        let logger = {
            var logger = Logger(label: "fascicolo")
            logger.logLevel = quiet ? .warning : .info
            return logger
        }()
        let configuration = WebConfiguration(
            host: host, port: port, secureCookies: secureCookies.map { $0 != "no" },
            trustedProxies: TrustedProxies.parse(trustedProxy).proxies ?? .none)
        let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        let app = try await buildApplication(engine: engine, configuration: configuration, logger: logger) {
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            FileHandle.standardOutput.write(Data("Fascicolo in ascolto su \(address) (avvio in \(milliseconds) ms). Ctrl-C per fermare.\n".utf8))
        }
        let shutdown = ShutdownGrace(grace: .seconds(grace)) { engine.interruptAll() }
        defer { withExtendedLifetime(shutdown) {} }
        do {
            try await app.runService()
        } catch {
            throw UserFacingError(message: "il server si è fermato: \(error)")
        }
    }
}
