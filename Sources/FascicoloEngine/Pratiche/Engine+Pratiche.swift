import FascicoloCore
import FascicoloSchema
import FascicoloStore

extension Engine {
    /// Creates a pratica: defaults, validation against its type, contact checks and the plugin's
    /// `on_create` and `validate` on a read snapshot, outside the write lock; then, in one short
    /// transaction, the protocol, the folder name, the row, its index and audit. Returns it.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func create(_ input: NewPratica, actor: Actor) throws -> Pratica {
        try actor.require(.modifica)
        try Self.refuseCalculated(input.fields.keys, type: try type(input.type))
        let draft = try reading { try prepare(input, actor: actor, reader: $0) }
        let id = try writing { try insert(draft, writer: $0) }
        return try pratica(id: id, actor: actor)
    }

    /// Creates a pratica inside an existing write transaction (imports use this directly).
    /// Imports pass `restoring` to keep the state and creation time the pratica had (any declared
    /// state is accepted then, not only initial ones).
    func create(_ input: NewPratica, actor: Actor, writer: StoreWriter, restoring: ImportedStamps? = nil) throws -> Int64 {
        try insert(try prepare(input, actor: actor, reader: writer.reader, restoring: restoring), writer: writer)
    }

    /// A new pratica checked against its type and its plugin (`on_create`, `validate`), with the
    /// audit of its creation: everything that needs no write lock. `at` is when it is created
    /// (now, unless the demo generator backdates it).
    func prepare(
        _ input: NewPratica, actor: Actor, reader: StoreReader, restoring: ImportedStamps? = nil,
        at: String? = nil
    ) throws -> NewPraticaDraft {
        let type = try self.type(input.type)
        let now = at ?? LocalClock.timestamp()
        let today = self.today()
        var fields = DocumentValidator(type: type, today: today).defaults()
        for (key, value) in input.fields where !key.contains("[") { fields[key] = value }
        fields = try FieldPaths.apply(Self.sortedPaths(input.fields.filter { $0.key.contains("[") }), to: fields, type: type).get()
        let builtins = Builtins.extract(from: &fields, type: type)
        let state = try builtins.initialState(type: type, anyState: restoring != nil)
        let (document, linked) = try validate(
            fields, type: type, builtinIssues: builtins.issues, owner: actor.accountId, editor: actor, before: [:], reader: reader)
        var contacts = linked
        let row = PraticaRow(
            type: type.id, accountId: actor.accountId, year: builtins.year ?? today.year, state: state,
            folderName: builtins.folderName ?? "", protocolSlot: nil, fields: "", createdAt: restoring?.createdAt ?? now,
            updatedAt: now)
        var pratica = PraticaSnapshot(type: type, row: row, document: document, actor: actor)
        var folderFromPlugin: String?
        if restoring == nil {
            if let patched = try patchHook(.onCreate, on: pratica) {
                (pratica.document, contacts) = try validate(
                    patched.document, type: type, builtinIssues: [], owner: actor.accountId, editor: actor, before: [:], reader: reader)
                folderFromPlugin = patched.folderName
            }
            pratica.document = try computeHook(pratica)
            try rejectPluginIssues(pratica)
        }
        if let folder = builtins.folderName ?? folderFromPlugin { pratica.row.folderName = folder }
        let created = AuditEntry(
            at: now, actor: actor.name, subject: "pratica", subjectId: 0, action: "create", field: BuiltinField.stato.rawValue,
            newValue: state)
        return NewPraticaDraft(
            pratica: pratica, contacts: contacts, audit: [created], manualProtocol: builtins.protocolText.flatMap { $0.isEmpty ? nil : $0 },
            numbered: input.numbered, named: builtins.folderName != nil || folderFromPlugin != nil, restoring: restoring != nil)
    }

    /// Writes a prepared pratica inside the write transaction: its protocol (typed, or the first
    /// free number through the plugin's `protocol` hook), its folder name (the plugin's
    /// `folder_name`, which may use the protocol), the row, its index and its audit; returns its id.
    func insert(_ draft: NewPraticaDraft, writer: StoreWriter) throws -> Int64 {
        var pratica = draft.pratica
        if let manual = draft.manualProtocol {
            pratica.row.protocolSlot = try manualProtocol(
                manual, year: pratica.row.year, type: pratica.type, actor: pratica.actor, excluding: nil, writer: writer)
        } else if draft.numbered {
            pratica.row.protocolSlot = try nextProtocol(pratica, writer: writer)
        }
        if !draft.named {
            pratica.row.folderName =
                (draft.restoring ? nil : try folderNameHook(pratica))
                ?? Self.defaultFolderName(document: pratica.document, protocolText: pratica.row.protocolSlot?.text, today: today())
        }
        let row: PraticaRow
        let index: PraticaIndex
        if let sealed = draft.sealed {
            row = {
                var row = pratica.row
                row.fields = sealed.fields
                return row
            }()
            index = sealed.index.findable(with: [pratica.row.folderName, pratica.row.protocolSlot?.text ?? ""])
        } else {
            (row, index) = (pratica.rowForWrite(), makeIndex(pratica, contacts: draft.contacts))
        }
        let id = try writer.insertPratica(row, index: index)
        try writer.appendAudit(
            draft.audit.map { entry in
                var entry = entry
                entry.subjectId = id
                return entry
            })
        return id
    }

    /// Encodes and indexes a draft's fields ahead of its write (the folder name and protocol, known
    /// only then, are added to the search text as it is written): work a bulk load does off the
    /// writing thread. The draft's fields must not change after.
    func seal(_ draft: inout NewPraticaDraft) {
        let texts = Dictionary(
            draft.contacts.map { ($0.id, [$0.displayName, $0.codiceFiscale ?? ""].joined(separator: " ")) }, uniquingKeysWith: { a, _ in a })
        let index = PraticaIndexer(type: draft.pratica.type, contactText: texts)
            .index(fields: draft.pratica.document, createdOn: String(draft.pratica.row.createdAt.prefix(10)))
        draft.sealed = (DocumentCodec.encode(draft.pratica.document), index)
    }

    /// Group paths (`udienze[2].data`) in the order that creates rows before their fields.
    private static func sortedPaths(_ values: [String: Value]) -> [(path: String, value: Value)] {
        values.sorted { lhs, rhs in
            guard let a = FieldPath(lhs.key), let b = FieldPath(rhs.key) else { return lhs.key < rhs.key }
            return a < b
        }.map { (path: $0.key, value: $0.value) }
    }

    /// Applies changes to a pratica if it is still at `expectedVersion`; every changed field is
    /// audited (old → new). A stale version is a conflict and nothing is written.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func update(id: Int64, expectedVersion: Int64, changes: PraticaChanges, actor: Actor) throws -> Pratica {
        try update(id: id, expectedVersion: expectedVersion, changes: changes, actor: actor, feeResults: false)
    }

    /// The fee calculator's results are written only by `quoteFees` (`feeResults: true`).
    /// The checks and the plugin's hooks run on a read snapshot, before the write lock is taken;
    /// the write then applies the result only if the pratica is still at the version it was
    /// computed from (a slow or stuck hook never holds up the other saves of the office).
    func update(id: Int64, expectedVersion: Int64, changes: PraticaChanges, actor: Actor, feeResults: Bool) throws -> Pratica {
        try actor.require(.modifica)
        let prepared = try reading { reader in
            try prepareUpdate(id: id, expectedVersion: expectedVersion, changes: changes, actor: actor, feeResults: feeResults, reader: reader)
        }
        try writing { writer in
            var updated = prepared.updated
            let stored = prepared.stored
            if let manual = prepared.protocolText {
                updated.row.protocolSlot =
                    manual.isEmpty
                    ? nil
                    : try manualProtocol(manual, year: updated.row.year, type: updated.type, actor: actor, excluding: id, writer: writer)
                if let old = stored.row.protocolSlot, old != updated.row.protocolSlot {
                    try writer.releaseProtocolNumber(accountId: actor.accountId, slot: old)
                }
            }
            updated.row.updatedAt = LocalClock.timestamp()
            let audit = Self.auditChanges(before: stored, after: updated)
            guard !audit.isEmpty else { return }
            _ = try writer.updatePratica(updated.rowForWrite(keepingUndeclaredOf: stored.row), index: makeIndex(updated, contacts: prepared.contacts))
            try writer.appendAudit(audit)
        }
        return try pratica(id: id, actor: actor)
    }

    /// An update computed on a read snapshot: the pratica as stored, as it will be (but for a
    /// protocol typed by hand, `protocolText`, which is reserved in the write), and the contacts
    /// it links.
    private struct PreparedUpdate {
        let stored: PraticaSnapshot
        let updated: PraticaSnapshot
        let contacts: [ContactRow]
        let protocolText: String?
    }

    private func prepareUpdate(
        id: Int64, expectedVersion: Int64, changes: PraticaChanges, actor: Actor, feeResults: Bool, reader: StoreReader
    ) throws -> PreparedUpdate {
        let stored = try visibleSnapshot(id: id, actor: actor, reader: reader)
        let type = stored.type
        try Self.checkEditable(stored, expectedVersion: expectedVersion, paths: changes.values.map(\.path), feeResults: feeResults)
        var fields = try FieldPaths.apply(changes.values, to: stored.document, type: type).get()
        let builtins = Builtins.extract(from: &fields, type: type)
        if builtins.state != nil {
            throw FascicoloError.validation([FieldIssue(field: "stato", message: "lo stato si cambia con un passaggio di stato")])
        }
        if !stored.isOwner, builtins.year != nil || builtins.folderName != nil || builtins.protocolText != nil {
            throw FascicoloError.forbidden("anno, nome cartella e protocollo: modificabili solo dall'account proprietario")
        }
        var updated = stored
        let contacts: [ContactRow]
        (updated.document, contacts) = try validate(
            fields, type: type, builtinIssues: builtins.issues, owner: stored.owner, editor: actor,
            before: stored.document, reader: reader)
        if !stored.isOwner, let field = SharedEdits.firstForbidden(before: stored.document, after: updated.document, type: type) {
            throw FascicoloError.forbidden("«\(field)»: modificabile solo dall'account proprietario")
        }
        updated.row.year = builtins.year ?? stored.row.year
        updated.row.folderName = builtins.folderName ?? stored.row.folderName
        updated.document = try computeHook(updated)
        try rejectPluginIssues(updated)
        return PreparedUpdate(stored: stored, updated: updated, contacts: contacts, protocolText: builtins.protocolText)
    }

    /// Refuses a change the actor may not make to the stored pratica: a stale version, the fee
    /// calculator's results typed by hand, or (for an account it is shared with) owner-only fields.
    private static func checkEditable(_ stored: PraticaSnapshot, expectedVersion: Int64, paths: [String], feeResults: Bool) throws {
        guard stored.isOwner || stored.type.hasSharedEdits else { throw Self.sharedReadOnly }
        guard stored.row.version == expectedVersion else { throw FascicoloError.conflict(expected: expectedVersion, actual: stored.row.version) }
        try refuseCalculated(paths, type: stored.type, feeResults: feeResults)
        if !stored.isOwner, let field = SharedEdits.firstHidden(paths, type: stored.type) {
            throw FascicoloError.forbidden("«\(field)»: modificabile solo dall'account proprietario")
        }
    }

    /// Moves a pratica to another state along a declared transition. The plugin's
    /// `can_transition` and `on_transition` run on a read snapshot before the write lock; the
    /// write applies the step only if the pratica has not changed meanwhile (else a conflict).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func transition(id: Int64, to target: String, expectedVersion: Int64? = nil, actor: Actor) throws -> Pratica {
        try actor.require(.modifica)
        let (stored, moved, step) = try reading { reader in
            let stored = try ownedSnapshot(id: id, actor: actor, reader: reader)
            if let expectedVersion, stored.row.version != expectedVersion {
                throw FascicoloError.conflict(expected: expectedVersion, actual: stored.row.version)
            }
            var moved = stored
            let step = try advance(&moved, to: target, at: LocalClock.timestamp(), owner: stored.owner, reader: reader)
            return (stored, moved, step)
        }
        try writing { writer in
            var index: PraticaIndex?
            if let contacts = step.contacts {
                index = makeIndex(moved, contacts: contacts)
            } else if moved.row.folderName != stored.row.folderName {
                index = try makeIndex(moved, reader: writer.reader)
            }
            _ = try writer.updatePratica(moved.rowForWrite(keepingUndeclaredOf: stored.row), index: index)
            try writer.appendAudit(step.audit)
        }
        return try pratica(id: id, actor: actor)
    }

    /// One declared state change of a pratica in memory: `can_transition` must allow it;
    /// `on_transition` may patch it (validated as a save is). Returns the audit of the step and,
    /// when the patch changed the document, the contacts it now links.
    func advance(
        _ pratica: inout PraticaSnapshot, to target: String, at time: String, owner: Int64,
        reader: StoreReader
    ) throws -> (audit: [AuditEntry], contacts: [ContactRow]?) {
        try checkDeclared(pratica, to: target)
        if let refusal = try transitionRefusal(pratica, to: target) {
            throw FascicoloError.transitionNotAllowed(from: pratica.row.state, to: target, reason: refusal)
        }
        pratica.row.updatedAt = time
        var audit = [
            AuditEntry(
                at: time, actor: pratica.actor.name, subject: "pratica", subjectId: pratica.row.id, action: "transition",
                field: "stato", oldValue: pratica.row.state, newValue: target)
        ]
        // The step with what `on_transition` patches and `compute` works out for the new state;
        // a changed document is validated as a save is, and audited as part of the step.
        var next = pratica
        next.row.state = target
        let patched = try patchHook(.onTransition, on: pratica, extra: [.value(.text(pratica.row.state)), .value(.text(target))])
        if let patched {
            next.document = patched.document
            next.row.folderName = patched.folderName ?? pratica.row.folderName
        }
        next.document = try computeHook(next)
        var contacts: [ContactRow]?
        if next.document != pratica.document || next.row.folderName != pratica.row.folderName {
            (next.document, contacts) = try validate(
                next.document, type: pratica.type, builtinIssues: [], owner: owner, editor: pratica.actor, before: [:], reader: reader)
            try rejectPluginIssues(next)
            audit += Self.auditChanges(before: pratica, after: next).map { entry in
                var entry = entry
                entry.action = "transition"
                return entry
            }
        }
        pratica = next
        return (audit, contacts)
    }

    /// Refuses a target state the type does not declare (a state only other types declare
    /// conflicts with this pratica's type; one no type has is invalid), or one not reachable from
    /// the current state.
    private func checkDeclared(_ pratica: PraticaSnapshot, to target: String) throws {
        guard pratica.type.state(target) != nil else {
            throw FascicoloError.validation([
                FieldIssue(
                    field: "stato", message: "stato sconosciuto\(FieldIssue.quoted(target))",
                    conflictsWithStoredData: project.types.contains { $0.state(target) != nil })
            ])
        }
        guard pratica.type.transitions(from: pratica.row.state).contains(where: { $0.to == target }) else {
            throw FascicoloError.transitionNotAllowed(from: pratica.row.state, to: target, reason: nil)
        }
    }

    /// Assigns a protocol number: the first free one of the pratica's year, or `manual` when it is free.
    /// Asking for the first free number of a pratica that already has one changes nothing (a number
    /// of the register is never burnt by a second click); clear it first to renumber.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func assignProtocol(id: Int64, manual: String? = nil, actor: Actor) throws -> Pratica {
        try actor.require(.modifica)
        try writing { try assignProtocol(id: id, manual: manual, actor: actor, writer: $0) }
        return try pratica(id: id, actor: actor)
    }

    func assignProtocol(id: Int64, manual: String?, actor: Actor, writer: StoreWriter) throws {
        let stored = try ownedSnapshot(id: id, actor: actor, reader: writer.reader)
        guard stored.type.protocolField != nil else {
            throw FascicoloError.invalidRequest("la tipologia '\(stored.type.id)' non prevede un protocollo")
        }
        if manual == nil, stored.row.protocolSlot != nil { return }
        var updated = stored
        if let manual {
            updated.row.protocolSlot = try manualProtocol(
                manual, year: stored.row.year, type: stored.type, actor: actor, excluding: id, writer: writer)
        } else {
            updated.row.protocolSlot = try nextProtocol(stored, writer: writer)
        }
        if let old = stored.row.protocolSlot, old != updated.row.protocolSlot {
            try writer.releaseProtocolNumber(accountId: actor.accountId, slot: old)
        }
        updated.row.updatedAt = LocalClock.timestamp()
        _ = try writer.updatePratica(updated.row, index: try makeIndex(updated, reader: writer.reader))
        try writer.appendAudit([
            AuditEntry(
                at: updated.row.updatedAt, actor: actor.name, subject: "pratica", subjectId: id,
                action: "protocol", field: stored.type.protocolField?.id, oldValue: stored.row.protocolSlot?.text,
                newValue: updated.row.protocolSlot?.text)
        ])
    }

    /// The pratica with this id, if the actor's account owns it.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func pratica(id: Int64, actor: Actor) throws -> Pratica {
        try reading { reader in
            let (row, type) = try visibleRow(id: id, actor: actor, reader: reader)
            return makePratica(row, type: type, viewer: actor)
        }
    }

    /// The audit log of a pratica, oldest first. An account the pratica is shared with does not
    /// see the changes of fields hidden from it, nor the values of groups with hidden sub-fields,
    /// nor the names of attachments.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func history(id: Int64, actor: Actor) throws -> [HistoryEntry] {
        try reading { reader in
            let (row, type) = try visibleRow(id: id, actor: actor, reader: reader)
            let entries = try reader.audit(subject: "pratica", id: id)
            guard row.accountId != actor.accountId else { return entries.map { HistoryEntry($0) } }
            // A shared account does not see hidden fields, nor the names of files (it may not be
            // allowed to read them all, see `AttachmentParty`).
            let hidden = Set(type.sharedHiddenPaths)
            return entries.filter { !hidden.contains($0.field ?? "") }.map { entry in
                let partlyHidden = entry.field == "allegati" || hidden.contains { $0.hasPrefix((entry.field ?? "") + ".") }
                return HistoryEntry(entry, valuesShown: !partlyHidden)
            }
        }
    }

    /// What no one types: the fee calculator's results (what the last quote computed; only
    /// `quoteFees` writes them, with `feeResults`) and the fields the plugin's `compute` fills.
    static func refuseCalculated(_ paths: some Sequence<String>, type: PraticaType, feeResults: Bool = false) throws {
        let results = feeResults ? [] : (type.fees?.results ?? [])
        let computed = Set(type.fields.filter(\.computed).map(\.id))
        for path in paths {
            let top = String(path.prefix { $0 != "[" && $0 != "." })
            if results.contains(top) {
                throw FascicoloError.validation([FieldIssue(field: path, message: "calcolato dal calcolatore del compenso: non si modifica a mano")])
            }
            if computed.contains(top) {
                throw FascicoloError.validation([FieldIssue(field: path, message: "calcolato automaticamente: non si modifica a mano")])
            }
        }
    }
}
