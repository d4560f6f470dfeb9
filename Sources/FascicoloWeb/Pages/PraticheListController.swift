import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Hummingbird

/// The pratiche list: filters, search, chosen columns, sorting, paging, and its CSV export.
struct PraticheListController {
    let engine: Engine
    let renderer: Renderer

    struct View {
        let chrome: Chrome
        /// The list's `tipo` (a type id, or `tutte`).
        let typeId: String
        /// The type "Nuova Pratica" proposes.
        let newTypeId: String
        let types: [OptionView]
        /// One tab per type and "Tutte le tipologie", when there are several types.
        let typeTabs: [TypeTab]
        let hasManyTypes: Bool
        let allTypes: Bool
        let search: String
        let mainFilters: [FilterControl]
        let subject: FilterControl
        let moreFilters: [FilterControl]
        let moreOpen: Bool
        let anyFilter: Bool
        /// The current filters, kept when a search is typed.
        let keptFilters: [Hidden]
        let headers: [Header]
        let rows: [Row]
        let columns: [ColumnOption]
        let totalText: String
        let page: Int
        let pageCount: Int
        let previous: String?
        let next: String?
        let pageSizes: [PageSize]
        let csvLink: String
        let returnTo: String
        let empty: Bool
    }

    struct TypeTab {
        let label: String
        let link: String
        let current: Bool
    }
    struct Header {
        let label: String
        let link: String?
        let ariaSort: String?
        let arrow: String
    }
    struct Row {
        let link: String
        let cells: [Cell]
    }
    struct Cell {
        let text: String
        let first: Bool
    }
    struct ColumnOption {
        let path: String
        let label: String
        let checked: Bool
    }
    struct Hidden {
        let name: String
        let value: String
    }
    struct PageSize {
        let label: String
        let link: String
        let current: Bool
    }

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche", use: list)
        group.get("/pratiche.csv", use: csv)
        group.post("/pratiche/colonne", use: saveColumns)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.query
        let view = try await engine.run(context) { _ in try listView(query: query, identity: identity) }
        return renderer.page("pratiche", view)
    }

    /// The list page's view for the query, as `identity` may see it.
    private func listView(query: FormData, identity: Identity) throws -> View {
        let listQuery = try ListQuery(query: query, engine: engine, user: identity.user)
        if query["tipo"] != nil, listQuery.rememberedType != listQuery.typeValue {
            try engine.setPreference(Engine.lastTypePreference, value: listQuery.typeValue, user: identity.user)
        }
        let choice = ColumnChoice(type: listQuery.type, engine: engine)
        let columns = listQuery.allTypes ? ListQuery.commonColumns : try choice.chosen(by: identity.user)
        var alert: String?
        var result: ListResult
        do {
            result = try engine.list(listQuery.request(), actor: identity.actor)
        } catch FascicoloError.validation(let issues) {
            let labels = Dictionary(FilterCatalog(type: listQuery.type).all.map { ($0.path, $0.label) }, uniquingKeysWith: { first, _ in first })
            alert = "Filtro non valido — " + issues.map { "\(labels[$0.field] ?? $0.field): \($0.message)" }.joined(separator: "; ")
            result = try engine.list(
                ListQuery(query: FormData(pairs: [("tipo", listQuery.typeValue)]), engine: engine, user: identity.user).request(),
                actor: identity.actor)
        } catch let error as FascicoloError {
            alert = "Filtro non valido — " + error.description
            result = try engine.list(
                ListQuery(query: FormData(pairs: [("tipo", listQuery.typeValue)]), engine: engine, user: identity.user).request(),
                actor: identity.actor)
        }
        let cells = try engine.render(columns: columns, for: result.pratiche, actor: identity.actor)
        let panel = FilterPanel(listQuery: listQuery, engine: engine, actor: identity.actor)
        let more = panel.controls(FilterCatalog(type: listQuery.type).more)
        let main = panel.controls(FilterCatalog(type: listQuery.type).main)
        let subject = panel.subject()
        let view = View(
            chrome: Chrome(
                title: "Pratiche — \(listQuery.allTypes ? "tutte le tipologie" : listQuery.type.label)", identity: identity, section: .pratiche,
                alert: alert),
            typeId: listQuery.typeValue,
            newTypeId: listQuery.type.id,
            types: engine.project.types.map { OptionView(value: $0.id, label: $0.label, selected: $0.id == listQuery.type.id) },
            typeTabs: engine.project.types.count > 1
                ? engine.project.types.map {
                    TypeTab(label: $0.label, link: "/pratiche?tipo=\($0.id)", current: !listQuery.allTypes && $0.id == listQuery.type.id)
                }
                    + [TypeTab(label: "Tutte le tipologie", link: "/pratiche?tipo=\(ListQuery.allTypesValue)", current: listQuery.allTypes)]
                : [],
            hasManyTypes: engine.project.types.count > 1,
            allTypes: listQuery.allTypes,
            search: listQuery.searchText ?? "",
            mainFilters: main, subject: subject, moreFilters: more,
            moreOpen: more.contains(where: \.isActive),
            anyFilter: (main + more + [subject]).contains(where: \.isActive),
            keptFilters: listQuery.query.pairs.filter { !["q", "pagina", "tipo"].contains($0.name) }.map { Hidden(name: $0.name, value: $0.value) },
            headers: columns.map { header($0, listQuery: listQuery, choice: choice) },
            rows: zip(result.pratiche, cells).map { pratica, texts in
                Row(
                    link: "/pratiche/\(pratica.id)",
                    cells: texts.enumerated().map { Cell(text: $1.isEmpty && $0 == 0 ? "(senza protocollo)" : $1, first: $0 == 0) })
            },
            columns: choice.available.map {
                ColumnOption(path: $0, label: engine.columnLabel($0, type: listQuery.type), checked: columns.contains($0))
            },
            totalText: result.totalText,
            page: result.page, pageCount: result.pageCount,
            previous: result.page > 1 ? listQuery.link(["pagina": String(result.page - 1)]) : nil,
            next: result.page < result.pageCount ? listQuery.link(["pagina": String(result.page + 1)]) : nil,
            pageSizes: ListQuery.pageSizes.map {
                PageSize(label: String($0), link: listQuery.link(["per_pagina": String($0), "pagina": nil]), current: $0 == listQuery.pageSize)
            },
            csvLink: "/pratiche.csv" + (listQuery.query.encoded.isEmpty ? "" : "?" + listQuery.query.encoded),
            returnTo: listQuery.link([:]),
            empty: result.pratiche.isEmpty)
        return view
    }

    private func header(_ path: String, listQuery: ListQuery, choice: ColumnChoice) -> Header {
        let label = engine.columnLabel(path, type: listQuery.type)
        guard path != Engine.typeColumn, listQuery.allTypes || choice.isSortable(path) else {
            return Header(label: label, link: nil, ariaSort: nil, arrow: "")
        }
        let current = listQuery.sort
        let ascending = current == path
        let descending = current == "-\(path)"
        return Header(
            label: label, link: listQuery.link(["ordina": ascending ? "-\(path)" : path, "pagina": nil]),
            ariaSort: ascending ? "ascending" : descending ? "descending" : nil,
            arrow: ascending ? " ▲" : descending ? " ▼" : "")
    }

    /// The list as CSV for Italian Excel: every matching pratica (not just this page), the
    /// chosen columns, in the chosen order.
    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.query
        let (typeId, table) = try await engine.run(context, length: .long) { engine in
            let listQuery = try ListQuery(query: query, engine: engine, user: identity.user)
            let columns =
                listQuery.allTypes ? ListQuery.commonColumns : try ColumnChoice(type: listQuery.type, engine: engine).chosen(by: identity.user)
            var table = CSVWriter()
            table.append(columns.map { engine.columnLabel($0, type: listQuery.type) })
            var page = 1
            while true {
                let result = try engine.list(listQuery.request(page: page, pageSize: 500), actor: identity.actor, cached: false)
                for row in try engine.render(columns: columns, for: result.pratiche, actor: identity.actor) { table.append(row) }
                guard page < result.pageCount, page < CSVWriter.maximumPages else { break }
                page += 1
            }
            return (listQuery.typeValue, table)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"pratiche-\(typeId).csv\"",
                .cacheControl: "no-store",
            ], body: ResponseBody(byteBuffer: ByteBuffer(string: table.text)))
    }

    @Sendable func saveColumns(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let type = try engine.type(context.form["tipo"] ?? "")
        let chosen = context.form.all("colonne")
        try await engine.run(context) { engine in try ColumnChoice(type: type, engine: engine).save(chosen, for: identity.user) }
        return .redirect(to: LocalPath.safe(context.form["ritorno"] ?? "/pratiche"))
    }
}
