import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation
import Hummingbird

/// Reports: `GET /api/v1/reports` lists the scripts with their parameters;
/// `GET /api/v1/reports/{name}?param=value&format=json|csv` runs one for the caller.
struct ReportsAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/reports", use: list)
        group.get("/reports/:name", use: run)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity()
        let reports = try await engine.run(context) { $0.reports().reports }
        return .json(
            .object([
                (
                    "report",
                    .array(
                        reports.map { report in
                            .object([
                                ("nome", .string(report.name)), ("titolo", .string(report.title)), ("descrizione", .string(report.description)),
                                (
                                    "parametri",
                                    .array(
                                        report.parameters.map { parameter in
                                            .object([
                                                ("id", .string(parameter.id)), ("etichetta", .string(parameter.label)),
                                                ("tipo", .string(parameter.kind.rawValue)),
                                                ("predefinito", parameter.defaultValue.map(JSON.string) ?? .null),
                                                ("valori", .array(parameter.options.map { .string($0.value) })),
                                            ])
                                        })
                                ),
                            ])
                        })
                )
            ]))
    }

    @Sendable func run(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let name = context.parameters.get("name") ?? ""
        var arguments: [String: String] = [:]
        var format = "json"
        for (key, value) in request.uri.queryParameters {
            if key == "format" { format = String(value) } else { arguments[String(key)] = String(value) }
        }
        guard ["json", "csv"].contains(format) else { throw FascicoloError.invalidRequest("format: json o csv") }
        let given = arguments
        let output = try await engine.run(context, length: .long) { try $0.runReport(name: name, arguments: given, actor: actor) }
        return format == "csv" ? .reportCSV(output) : .json(ReportRenderer.json(output))
    }
}
