import FascicoloCore
import Foundation

/// Reads `options_from:` CSV files relative to the project root, caching each file once per load.
final class OptionSources {
    let root: URL
    private var tables: [String: CSVTable] = [:]

    init(root: URL) { self.root = root }

    func load(
        path: String, valueColumn: String, labelColumn: String, at node: YAMLNode,
        reader: MappingReader, sink: DiagnosticSink
    ) -> EnumOptions? {
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            sink.error(node, "'options_from' must be a path inside the project, such as data/tribunali.csv")
            return nil
        }
        guard let table = table(path, at: node, sink: sink) else { return nil }
        guard let valueIndex = table.column(valueColumn) else {
            sink.error(
                reader.value("value_column")!, "column '\(valueColumn)' not found in \(path); columns: \(table.header.joined(separator: ", "))")
            return nil
        }
        guard let labelIndex = table.column(labelColumn) else {
            sink.error(
                reader.value("label_column")!, "column '\(labelColumn)' not found in \(path); columns: \(table.header.joined(separator: ", "))")
            return nil
        }
        let options = table.rows.map { EnumOptions.Option(value: $0[valueIndex], label: $0[labelIndex]) }
        guard !options.isEmpty else {
            sink.error(node, "\(path) has no rows")
            return nil
        }
        return EnumOptions(options: options)
    }

    private func table(_ path: String, at node: YAMLNode, sink: DiagnosticSink) -> CSVTable? {
        if let cached = tables[path] { return cached }
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            sink.error(node, "options file '\(path)' not found")
            return nil
        }
        do {
            let table = try CSVTable(text: String(decoding: data, as: UTF8.self))
            tables[path] = table
            return table
        } catch {
            sink.error(node, "options file '\(path)' is not valid CSV: \(error)")
            return nil
        }
    }
}
