import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation
import Hummingbird

/// The Reports page: the scripts of `scripts/`, each with a form for its parameters; the result
/// as a table with its chart, or as CSV / JSON to download.
struct ReportsController {
    let engine: Engine
    let renderer: Renderer

    struct ReportView {
        let name: String
        let title: String
        let description: String
    }
    struct ParameterView {
        let id: String
        let label: String
        let value: String
        let inputType: String
        let options: [OptionView]
        let isEnum: Bool
        let error: String?
    }
    struct CellView {
        let text: String
        let numeric: Bool
    }
    struct TableView {
        let title: String?
        let headers: [CellView]
        let rows: [[CellView]]
        let footer: [[CellView]]
        let chart: String?
    }
    struct ListView {
        let chrome: Chrome
        let reports: [ReportView]
        let problems: [String]
        let hasProblems: Bool
    }
    struct PageView {
        let chrome: Chrome
        let name: String
        let title: String
        let description: String
        let parameters: [ParameterView]
        let tables: [TableView]
        let ran: Bool
        let query: String
    }

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/report", use: list)
        group.get("/report/:name", use: show)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let (reports, problems) = engine.reports()
            return renderer.page(
                "reports",
                ListView(
                    chrome: Chrome(title: "Report", identity: identity, section: .report),
                    reports: reports.map { ReportView(name: $0.name, title: $0.title, description: $0.description) },
                    problems: problems, hasProblems: !problems.isEmpty))
        }
    }

    /// The report's form; with `esegui=1` its result, and with `formato=csv|json` a download.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let length: WorkLength = query["esegui"] != nil || query["formato"] != nil ? .long : .request
        return try await engine.run(context, length: length) { _ -> Response in
            let identity = try context.requireIdentity()
            let name = context.parameters.get("name") ?? ""
            let info = try engine.report(name: name)
            let query = request.uri.queryParameters
            var arguments: [String: String] = [:]
            for parameter in info.parameters { if let value = query[parameter.id[...]] { arguments[parameter.id] = String(value) } }
            let format = query["formato"].map(String.init)
            guard query["esegui"] != nil || format != nil else { return page(info, arguments: arguments, identity: identity) }
            do {
                let output = try engine.runReport(name: name, arguments: arguments, actor: identity.actor)
                switch format {
                case "csv": return .reportCSV(output)
                case "json": return .download(Data(ReportRenderer.json(output).pretty.utf8), name: "\(name).json", mediaType: "application/json")
                default: return page(info, arguments: arguments, identity: identity, output: output)
                }
            } catch let error as FascicoloError {
                var errors: [String: String] = [:]
                if case .validation(let issues) = error { for issue in issues { errors[issue.field] = issue.message } }
                return page(
                    info, arguments: arguments, identity: identity, alert: "Report non eseguito: \(ErrorReport(error).message)", errors: errors,
                    status: ErrorReport(error).status)
            }
        }
    }

    private func page(
        _ info: ReportInfo, arguments: [String: String], identity: Identity, output: ReportOutput? = nil, alert: String? = nil,
        errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        let parameters = info.parameters.map { parameter in
            let value = arguments[parameter.id] ?? ""
            return ParameterView(
                id: parameter.id, label: parameter.label, value: value,
                inputType: parameter.kind == .integer ? "number" : parameter.kind == .date ? "date" : "text",
                options: parameter.options.map {
                    OptionView(value: $0.value, label: $0.label, selected: $0.value == (value.isEmpty ? parameter.defaultValue : value))
                },
                isEnum: parameter.kind == .enumeration, error: errors[parameter.id])
        }
        let query = (info.parameters.compactMap { parameter in arguments[parameter.id].map { "\(parameter.id)=\(FormData.percentEncode($0))" } })
            .joined(separator: "&")
        let tables = output?.tables.map(Self.tableView) ?? []
        let view = PageView(
            chrome: Chrome(title: output?.title ?? info.title, identity: identity, section: .report, alert: alert),
            name: info.name, title: output?.title ?? info.title, description: info.description, parameters: parameters,
            tables: tables, ran: output != nil, query: query)
        return renderer.page("report", view, status: status)
    }

    private static func tableView(_ table: ReportTable) -> TableView {
        func numeric(_ column: ReportColumn) -> Bool { column.kind != .text && column.kind != .date }
        func cells(_ row: [Value]) -> [CellView] {
            zip(row, table.columns).map { CellView(text: ReportRenderer.text($0, kind: $1.kind), numeric: numeric($1)) }
        }
        return TableView(
            title: table.title, headers: table.columns.map { CellView(text: $0.label, numeric: numeric($0)) },
            rows: table.rows.map(cells), footer: table.footer.map(cells), chart: ReportChartSVG.svg(table))
    }
}
