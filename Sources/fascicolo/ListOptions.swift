import ArgumentParser
import FascicoloCore
import FascicoloEngine

/// The options of the list and search commands.
struct ListOptions: ParsableArguments {
    @Option(help: "Tipologia (necessaria per filtrare sui campi della tipologia).")
    var type: String?

    @Option(
        name: .customLong("filter"),
        help: "Filtro campo=espressione: stato=aperta,conclusa; data_apertura=01/01/2025..30/06/2025; gestori.gestore=12.")
    var filters: [String] = []

    @Option(help: "Solo le pratiche collegate a questo contatto (numero), in qualsiasi campo.")
    var contact: Int64?

    @Option(help: "Parole o date da cercare in tutti i dati.")
    var search: String?

    @Option(help: "Ordinamento: un campo, con - davanti per decrescente (es. -data_apertura).")
    var sort: String?

    @Option(help: "Pagina (da 1).") var page = 1
    @Option(name: .customLong("page-size"), help: "Pratiche per pagina.") var pageSize = 50

    func request(text: String? = nil) throws -> ListRequest {
        var request = ListRequest(type: type)
        request.filters = try filters.enumerated().map { position, item in
            guard let filter = ListRequest.Filter(parsing: item) else {
                throw ValidationError("il filtro \(position + 1) non è valido: scrivere campo=espressione")
            }
            return filter
        }
        request.contactId = contact
        request.text = text ?? search
        request.sort = sort
        request.page = page
        request.pageSize = pageSize
        return request
    }
}

/// Prints a page of pratiche as a table or JSON.
struct ListPrinter {
    let engine: Engine
    let actor: Actor
    let json: Bool

    func print(_ request: ListRequest) throws {
        let result = try engine.list(request, actor: actor)
        if json {
            Swift.print(
                JSON.object([
                    ("totale", .number(String(result.total))), ("pagina", .number(String(result.page))),
                    ("pratiche", .array(result.pratiche.map(PraticaJSON.encode))),
                ]).pretty)
            return
        }
        let type = request.type.flatMap { engine.project.type($0) }
        let columns = type?.list.columns ?? ["stato", "nome_cartella", "creata"]
        let cells = try engine.render(columns: columns, for: result.pratiche, actor: actor)
        let header = ["N."] + columns.map { engine.columnLabel($0, type: type) }
        let rows = zip(result.pratiche, cells).map { [String($0.id)] + $1 }
        TextTable(header: header, rows: rows).print()
        Swift.print("\(result.totalText), pagina \(result.page) di \(result.pageCount)")
    }
}

/// A plain aligned text table, cells cut at 40 characters.
struct TextTable {
    let header: [String]
    let rows: [[String]]

    func print() {
        let all = [header] + rows
        let widths = header.indices.map { column in min(40, all.map { $0[column].count }.max() ?? 0) }
        for row in all {
            let line = row.enumerated().map { column, text in
                let cut = text.count > 40 ? String(text.prefix(39)) + "…" : text
                return cut + String(repeating: " ", count: max(0, widths[column] - cut.count))
            }.joined(separator: "  ")
            Swift.print(String(line.reversed().drop { $0 == " " }.reversed()))
        }
    }
}
