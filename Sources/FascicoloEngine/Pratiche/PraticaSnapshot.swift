import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// A pratica as a use case passes it along: its type, its stored columns, its typed fields
/// (decoded), and who is acting on it. Hooks see it through `hookView`; writes take its `row`.
struct PraticaSnapshot {
    let type: PraticaType
    /// The common columns. `row.fields` is the stored JSON, brought up to date only before a write.
    var row: PraticaRow
    /// The typed fields.
    var document: [String: Value]
    let actor: Actor

    /// Whether the acting account owns the pratica (else it is shared with it).
    var isOwner: Bool { row.accountId == actor.accountId }

    /// The account whose pratica this is: its plugin instance runs the hooks.
    var owner: Int64 { row.accountId }

    /// What a hook sees as `p`: the typed fields plus `id` (nil before the first write), `tipo`,
    /// `stato`, `anno`, `nome_cartella` and the protocol text under the protocol field's id.
    var hookView: Value {
        var view = document
        view["id"] = row.id == 0 ? .null : .integer(row.id)
        view["tipo"] = .text(type.id)
        view["stato"] = .text(row.state)
        view["anno"] = .integer(Int64(row.year))
        view["nome_cartella"] = .text(row.folderName)
        if let field = type.protocolField, let text = row.protocolSlot?.text { view[field.id] = .text(text) }
        return .record(view)
    }

    /// The row with `document` encoded into it, keeping stored keys the type no longer declares.
    func rowForWrite(keepingUndeclaredOf stored: PraticaRow? = nil) -> PraticaRow {
        var row = self.row
        row.fields =
            stored.map { DocumentCodec.encode(document, keeping: DocumentCodec.undeclared($0.fields, type: type)) }
            ?? DocumentCodec.encode(document)
        return row
    }
}

extension Engine {
    /// The pratica, if the actor's account owns it or receives it as a share (reads only).
    func visibleSnapshot(id: Int64, actor: Actor, reader: StoreReader) throws -> PraticaSnapshot {
        let (row, type) = try visibleRow(id: id, actor: actor, reader: reader)
        return PraticaSnapshot(type: type, row: row, document: decode(row, type: type), actor: actor)
    }

    /// The pratica, if the actor's account owns it: the only kind it may change state or number.
    func ownedSnapshot(id: Int64, actor: Actor, reader: StoreReader) throws -> PraticaSnapshot {
        let (row, type) = try ownedRow(id: id, actor: actor, reader: reader)
        return PraticaSnapshot(type: type, row: row, document: decode(row, type: type), actor: actor)
    }
}

/// A new pratica checked and ready to be written: its snapshot (id 0), the contacts it links
/// (for its index), its audit entries so far (their pratica id is set when it is written), and
/// what the write still has to do: a protocol typed by hand or asked for, a folder name.
struct NewPraticaDraft {
    var pratica: PraticaSnapshot
    var contacts: [ContactRow]
    var audit: [AuditEntry]
    let manualProtocol: String?
    let numbered: Bool
    /// Whether the folder name was given (by the user or the plugin's `on_create`).
    let named: Bool
    /// An import: no plugin names the folder.
    let restoring: Bool
    /// The fields encoded and indexed ahead of the write (`Engine.seal`), when done.
    var sealed: (fields: String, index: PraticaIndex)?
}
