import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Foundation

/// The pratica types and projects the schema and engine suites share, each loaded once per test process.
public enum TestProjects {
    /// The id of the type shipped in the repository's `types/`.
    public static let crisi = "crisi-sovraindebitamento"
    /// The id of the fixture type in `Tests/Fixtures/types/`.
    public static let prova = "pratica-prova"

    /// The repository as a project: `types/crisi-sovraindebitamento.yaml` and the reference tables of `data/`.
    public static let repository: Project = Project.load(root: TestPaths.repoRoot)

    /// The outcome of loading `Tests/Fixtures/types/` with the repository as the root (the fixture's
    /// `tribunale` enum reads `data/tribunali.csv`).
    public static let praticaProvaLoad: TypeLoader.Result =
        TypeLoader.load(root: TestPaths.repoRoot, directory: "Tests/Fixtures/types")

    /// The `pratica-prova` type, or nil when the fixture does not load.
    public static var praticaProvaType: PraticaType? { praticaProvaLoad.types.first { $0.id == prova } }

    /// A project whose only type is `pratica-prova`: a temporary root holding `types/pratica-prova.yaml`
    /// (copied from the fixture) and `data/tribunali.csv` (copied from the repository), because
    /// `Project.load` only reads `<root>/types`.
    public static let praticaProva: Project = {
        let root = TestPaths.temporaryDirectory("fascicolo-prova-project")
        let files = FileManager.default
        for folder in ["types", "data"] {
            try! files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try! files.copyItem(
            at: TestPaths.fixture("types/pratica-prova.yaml"),
            to: root.appendingPathComponent("types/pratica-prova.yaml"))
        try! files.copyItem(
            at: TestPaths.repoRoot.appendingPathComponent("data/tribunali.csv"),
            to: root.appendingPathComponent("data/tribunali.csv"))
        return Project.load(root: root)
    }()

    /// The YAML of the smallest type a test needs: one text field `nota`, one state `aperta`.
    public static func oneFieldType(_ id: String) -> String {
        """
        id: \(id)
        sections:
          - id: s
            fields:
              - id: nota
                type: text
        states:
          - id: aperta
            initial: true
        """
    }

    /// A project in a new temporary folder with `types/<name>.yaml` for each entry of `types` (the YAML text),
    /// and copies of the repository's `data/` files named in `data` (e.g. `tribunali.csv`).
    public static func make(types: [String: String], data: [String] = []) -> Project {
        let root = TestPaths.temporaryDirectory("fascicolo-project")
        let files = FileManager.default
        for folder in ["types", "data"] {
            try! files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for (name, text) in types {
            try! text.write(to: root.appendingPathComponent("types/\(name).yaml"), atomically: true, encoding: .utf8)
        }
        for name in data {
            try! files.copyItem(at: TestPaths.repoRoot.appendingPathComponent("data/\(name)"), to: root.appendingPathComponent("data/\(name)"))
        }
        return Project.load(root: root)
    }

    /// The repository's project (types, plugins, data, templates, roles) in a new temporary folder
    /// whose `scripts/` holds only `scripts` (file stem to Lua source).
    public static func withScripts(_ scripts: [String: String]) -> Project {
        let root = TestPaths.temporaryDirectory("fascicolo-scripts")
        let files = FileManager.default
        for item in ["types", "plugins", "data", "templates", "roles.yaml"] {
            try! files.createSymbolicLink(at: root.appendingPathComponent(item), withDestinationURL: TestPaths.repoRoot.appendingPathComponent(item))
        }
        try! files.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for (name, source) in scripts {
            try! source.write(to: root.appendingPathComponent("scripts/\(name).lua"), atomically: true, encoding: .utf8)
        }
        return Project.load(root: root)
    }
}
