import FascicoloCore
import Foundation

/// A parameter a report script asks for (`params = {{id = "anno", type = "integer"}}`).
public struct ReportParameter: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case integer, text, date
        case enumeration = "enum"
    }

    public let id: String
    public let label: String
    public let kind: Kind
    /// For `enum`: the allowed values with their labels.
    public let options: [(value: String, label: String)]
    /// As declared: a value, or `anno_corrente` / `oggi`, resolved when the report runs.
    public let defaultValue: String?
    public let required: Bool
}

/// A report script `scripts/<name>.lua` (docs/reports.md), loaded into a fresh sandboxed state.
///
/// The file returns `{title = …, description = …, params = {…}, run = function(params, q) … end}`.
/// Load one `ReportScript` per run: nothing a run leaves in its state reaches the next.
public final class ReportScript {
    /// Reports read many pratiche: more memory and instructions than a hook, and a wall clock.
    public static let limits = LuaLimits(memoryBytes: 512 << 20, instructions: 2_000_000_000, milliseconds: 60_000)

    /// `scripts/<name>.lua`.
    public let file: String
    public let name: String
    public let title: String
    public let description: String
    public let parameters: [ReportParameter]
    private let module: LuaModule

    /// Loads and checks the file; a load error names `scripts/<name>.lua:LINE`.
    public init(source: String, name: String, limits: LuaLimits = ReportScript.limits) throws(LuaError) {
        let file = "scripts/\(name).lua"
        let module = try LuaModule(source: source, file: file, limits: limits, vocabulary: ["run"], dataKeys: ["title", "description", "params"])
        guard module.functions.contains("run") else { throw .contract("\(file): error: the script must define run = function(params, q) … end") }
        guard case .text(let title)? = module.data["title"], !title.isEmpty else {
            throw .contract("\(file): error: the script must declare a title (title = \"…\")")
        }
        self.file = file
        self.name = name
        self.title = title
        self.description = module.data["description"]?.textValue ?? ""
        self.parameters = try Self.parameters(module.data["params"], file: file)
        self.module = module
    }

    /// Loads `scripts/<name>.lua` under `root`.
    public convenience init(root: URL, name: String, limits: LuaLimits = ReportScript.limits) throws(LuaError) {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
            let data = FileManager.default.contents(atPath: root.appendingPathComponent("scripts/\(name).lua").path)
        else {
            throw .contract("scripts/\(name).lua: error: cannot read the file")
        }
        try self.init(source: String(decoding: data, as: UTF8.self), name: name, limits: limits)
    }

    /// Loads every `scripts/*.lua` under `root`, by name; the problems (file and line) of those
    /// that do not load.
    public static func loadAll(root: URL) -> (scripts: [ReportScript], problems: [String]) {
        let folder = root.appendingPathComponent("scripts")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }.sorted()
        var scripts: [ReportScript] = []
        var problems: [String] = []
        for name in names {
            do {
                scripts.append(try ReportScript(root: root, name: name))
            } catch {
                problems.append(error.message)
            }
        }
        return (scripts, problems)
    }

    /// Calls `run(params, q)`: `q` holds the host's read-only query functions, callable only
    /// during this call. Returns what the script returned.
    public func run(parameters: [String: Value], api: [String: ([Value]) throws -> Value]) throws(LuaError) -> Value {
        let results = try module.call("run", [.readOnly(.record(parameters)), .context(.record([:]), functions: api)])
        return results.first ?? .null
    }

    private static func parameters(_ value: Value?, file: String) throws(LuaError) -> [ReportParameter] {
        guard let value, value != .null else { return [] }
        guard let items = value.listValue else { throw .contract("\(file): error: params must be a list of {id = …, type = …}") }
        var parameters: [ReportParameter] = []
        for (index, item) in items.enumerated() {
            let place = "\(file): error: params[\(index + 1)]"
            guard let record = item.recordValue, let id = record["id"]?.textValue, !id.isEmpty,
                id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else {
                throw .contract("\(place): needs an id made of letters, digits and _")
            }
            guard let kind = ReportParameter.Kind(rawValue: record["type"]?.textValue ?? "text") else {
                throw .contract("\(place): unknown type; expected one of: \(ReportParameter.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var options: [(String, String)] = []
            for option in record["options"]?.listValue ?? [] {
                if let text = option.textValue {
                    options.append((text, text))
                } else if let pair = option.recordValue, let value = pair["value"]?.textValue {
                    options.append((value, pair["label"]?.textValue ?? value))
                }
            }
            if kind == .enumeration && options.isEmpty { throw .contract("\(place): an enum needs options") }
            let defaultValue: String? =
                switch record["default"] {
                case .text(let text)?: text
                case .integer(let number)?: String(number)
                default: nil
                }
            parameters.append(
                ReportParameter(
                    id: id, label: record["label"]?.textValue ?? id, kind: kind, options: options,
                    defaultValue: defaultValue, required: record["required"] == .bool(true)))
        }
        return parameters
    }
}
