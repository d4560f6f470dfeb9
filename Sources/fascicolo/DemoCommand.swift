import ArgumentParser
import FascicoloEngine
import Foundation

/// `fascicolo demo --pratiche N`: realistic synthetic data through the normal validation path.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Genera pratiche dimostrative realistiche (dati inventati).")

    @OptionGroup var project: ProjectOptions
    @Option(help: "Quante pratiche creare.") var pratiche = 200
    @Option(help: "Seme del generatore (stesso seme, stessi dati).") var seed: UInt64 = 42

    func validate() throws {
        guard (1...1_000_000).contains(pratiche) else { throw ValidationError("--pratiche va da 1 a 1000000") }
    }

    func run() throws {
        let engine = try project.engine()
        if try engine.accounts().isEmpty { _ = try engine.createAccount(name: "OCC Demo") }
        let (_, actor) = try project.session()
        let started = Date()
        let progress = ProgressLine(total: pratiche, label: "pratiche")
        var generator = DemoGenerator(engine: engine, actor: actor, seed: seed)
        let others = try generator.generate(pratiche: pratiche) { progress.update($0) }
        progress.finish()
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        let besides = others > 0 ? " (più \(others) di altre tipologie)" : ""
        print("Create \(pratiche) pratiche dimostrative\(besides) in \(seconds) s.")
    }
}
