import ArgumentParser
import FascicoloEngine
import FascicoloWeb

/// `fascicolo openapi`: the OpenAPI document the server would serve for this project's types.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Stampa il documento OpenAPI dell'API JSON, completato dalle tipologie del progetto.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let loaded = try Project.loadStrict(root: project.rootURL)
        print(try OpenAPIDocument.served(project: loaded).pretty)
    }
}
