import FascicoloCore
import FascicoloSchema
import FascicoloStore

extension Engine {
    /// Creates a pratica: defaults, validation against its type, contact checks, optional manual
    /// protocol, index and audit, all in one transaction. Returns the stored pratica.
    public func create(_ input: NewPratica, actor: Actor) throws -> Pratica {
        try actor.require(.modifica)
        try Self.refuseFeeResults(input.fields.keys, type: try type(input.type))
        let id = try writing { try create(input, actor: actor, writer: $0) }
        return try pratica(id: id, actor: actor)
    }

    /// Creates a pratica inside an existing write transaction (bulk loads use this directly).
    /// Imports pass `restoring` to keep the state and creation time the pratica had (any declared
    /// state is accepted then, not only initial ones).
    func create(_ input: NewPratica, actor: Actor, writer: StoreWriter, restoring: ImportedStamps? = nil) throws -> Int64 {
        let type = try self.type(input.type)
        let now = LocalClock.timestamp()
        let createdAt = restoring?.createdAt ?? now
        let anyState = restoring != nil
        let today = self.today()
        var fields = DocumentValidator(type: type, today: today).defaults()
        for (key, value) in input.fields where !key.contains("[") { fields[key] = value }
        let paths = input.fields.filter { $0.key.contains("[") }
            .sorted { lhs, rhs in
                guard let a = FieldPath(lhs.key), let b = FieldPath(rhs.key) else { return lhs.key < rhs.key }
                return a < b
            }
            .map { (path: $0.key, value: $0.value) }
        fields = try FieldPaths.apply(paths, to: fields, type: type).get()
        let builtins = Builtins.extract(from: &fields, type: type)
        let state = try builtins.initialState(type: type, anyState: anyState)
        var (document, contacts) = try validate(fields, type: type, builtinIssues: builtins.issues, owner: actor.accountId, editor: actor, before: [:],
                                                   reader: writer.reader)
        let year = builtins.year ?? today.year
        func view(_ protocolText: String? = nil) -> Value {
            praticaView(type: type, document: document, id: nil, state: state, year: year, folderName: builtins.folderName ?? "",
                        protocolText: protocolText)
        }
        var folderFromPlugin: String?
        if restoring == nil {
            if let patched = try applyPatchHook(.onCreate, type: type, view: view(), extra: [], actor: actor, document: document) {
                (document, contacts) = try validate(patched.document, type: type, builtinIssues: [], owner: actor.accountId, editor: actor,
                                                       before: [:], reader: writer.reader)
                folderFromPlugin = patched.folderName
            }
            try rejectPluginIssues(type: type, view: view(), owner: actor.accountId, actor: actor)
        }
        var slot: ProtocolSlot?
        if let manual = builtins.protocolText, !manual.isEmpty {
            slot = try manualProtocol(manual, year: year, actor: actor, excluding: nil, writer: writer)
        } else if input.numbered {
            slot = try nextProtocol(type: type, view: view(), year: year, actor: actor, excluding: nil, writer: writer)
        }
        if restoring == nil, builtins.folderName == nil, folderFromPlugin == nil {
            folderFromPlugin = try folderNameHook(type: type, view: view(slot?.text), actor: actor)
        }
        let folder = builtins.folderName ?? folderFromPlugin ?? Self.defaultFolderName(document: document, protocolText: slot?.text, today: today)
        let row = PraticaRow(type: type.id, accountId: actor.accountId, year: year, state: state, folderName: folder,
                             protocolSlot: slot, fields: DocumentCodec.encode(document), createdAt: createdAt, updatedAt: now)
        let index = makeIndex(type: type, document: document, row: row, contacts: contacts)
        let id = try writer.insertPratica(row, index: index)
        try writer.appendAudit([AuditEntry(at: now, actor: actor.name, subject: "pratica", subjectId: id, action: "create",
                                           field: BuiltinField.stato.rawValue, newValue: state)])
        return id
    }

    /// Applies changes to a pratica if it is still at `expectedVersion`; every changed field is
    /// audited (old → new). A stale version is a conflict and nothing is written.
    public func update(id: Int64, expectedVersion: Int64, changes: PraticaChanges, actor: Actor) throws -> Pratica {
        try update(id: id, expectedVersion: expectedVersion, changes: changes, actor: actor, feeResults: false)
    }

    /// The fee calculator's results are written only by `quoteFees` (`feeResults: true`).
    func update(id: Int64, expectedVersion: Int64, changes: PraticaChanges, actor: Actor, feeResults: Bool) throws -> Pratica {
        try actor.require(.modifica)
        try writing { writer in
            let (row, type) = try visibleRow(id: id, actor: actor, reader: writer.reader)
            let isOwner = row.accountId == actor.accountId
            guard isOwner || type.hasSharedEdits else { throw Self.sharedReadOnly }
            guard row.version == expectedVersion else { throw FascicoloError.conflict(expected: expectedVersion, actual: row.version) }
            let current = decode(row, type: type)
            if !feeResults { try Self.refuseFeeResults(changes.values.map(\.path), type: type) }
            if !isOwner, let field = SharedEdits.firstHidden(changes.values.map(\.path), type: type) {
                throw FascicoloError.forbidden("«\(field)»: modificabile solo dall'account proprietario")
            }
            var fields = try FieldPaths.apply(changes.values, to: current, type: type).get()
            let builtins = Builtins.extract(from: &fields, type: type)
            if builtins.state != nil {
                throw FascicoloError.validation([FieldIssue(field: "stato", message: "lo stato si cambia con un passaggio di stato")])
            }
            if !isOwner, builtins.year != nil || builtins.folderName != nil || builtins.protocolText != nil {
                throw FascicoloError.forbidden("anno, nome cartella e protocollo: modificabili solo dall'account proprietario")
            }
            let (document, contacts) = try validate(fields, type: type, builtinIssues: builtins.issues, owner: row.accountId, editor: actor,
                                                     before: current, reader: writer.reader)
            if !isOwner, let field = SharedEdits.firstForbidden(before: current, after: document, type: type) {
                throw FascicoloError.forbidden("«\(field)»: modificabile solo dall'account proprietario")
            }
            let view = praticaView(type: type, document: document, id: row.id, state: row.state, year: builtins.year ?? row.year,
                                   folderName: builtins.folderName ?? row.folderName, protocolText: row.protocolSlot?.text)
            try rejectPluginIssues(type: type, view: view, owner: row.accountId, actor: actor)
            var updated = row
            updated.year = builtins.year ?? row.year
            updated.folderName = builtins.folderName ?? row.folderName
            if let manual = builtins.protocolText {
                updated.protocolSlot = manual.isEmpty ? nil
                    : try manualProtocol(manual, year: updated.year, actor: actor, excluding: row.id, writer: writer)
                if let old = row.protocolSlot, old != updated.protocolSlot { try writer.releaseProtocolNumber(accountId: actor.accountId, slot: old) }
            }
            updated.fields = DocumentCodec.encode(document, keeping: DocumentCodec.undeclared(row.fields, type: type))
            updated.updatedAt = LocalClock.timestamp()
            let audit = Self.auditChanges(before: (row, current), after: (updated, document), type: type, actor: actor)
            guard !audit.isEmpty else { return }
            _ = try writer.updatePratica(updated, index: makeIndex(type: type, document: document, row: updated, contacts: contacts))
            try writer.appendAudit(audit)
        }
        return try pratica(id: id, actor: actor)
    }

    /// Moves a pratica to another state along a declared transition.
    public func transition(id: Int64, to target: String, expectedVersion: Int64? = nil, actor: Actor) throws -> Pratica {
        try actor.require(.modifica)
        try writing { try transition(id: id, to: target, expectedVersion: expectedVersion, actor: actor, writer: $0) }
        return try pratica(id: id, actor: actor)
    }

    func transition(id: Int64, to target: String, expectedVersion: Int64?, actor: Actor, writer: StoreWriter) throws {
        try transition(id: id, through: [target], expectedVersion: expectedVersion, actor: actor, writer: writer)
    }

    /// Moves a pratica along several declared transitions in one write: each step is checked by
    /// the plugin and may be patched, and each is audited, but the pratica is read, decoded and
    /// written once (the demo generator walks whole routes this way).
    func transition(id: Int64, through targets: [String], expectedVersion: Int64?, actor: Actor, writer: StoreWriter) throws {
        let (original, type) = try ownedRow(id: id, actor: actor, reader: writer.reader)
        if let expectedVersion, original.version != expectedVersion {
            throw FascicoloError.conflict(expected: expectedVersion, actual: original.version)
        }
        let checks = try plugins.defines(.canTransition, for: type.id, account: actor.accountId)
        let patches = try plugins.defines(.onTransition, for: type.id, account: actor.accountId)
        var row = original
        row.updatedAt = LocalClock.timestamp()
        let before = (checks || patches) ? decode(original, type: type) : [:]
        var document = before
        var contacts: [ContactRow]?
        var audit: [AuditEntry] = []
        for target in targets {
            guard type.state(target) != nil else {
                throw FascicoloError.validation([FieldIssue(field: "stato", message: "stato sconosciuto\(FieldIssue.quoted(target))")])
            }
            guard type.transitions(from: row.state).contains(where: { $0.to == target }) else {
                throw FascicoloError.transitionNotAllowed(from: row.state, to: target, reason: nil)
            }
            let view = (checks || patches) ? praticaView(type: type, document: document, id: row.id, state: row.state, year: row.year,
                                                         folderName: row.folderName, protocolText: row.protocolSlot?.text) : .null
            if checks, let refusal = try transitionRefusal(type: type, view: view, from: row.state, to: target, actor: actor) {
                throw FascicoloError.transitionNotAllowed(from: row.state, to: target, reason: refusal)
            }
            audit.append(AuditEntry(at: row.updatedAt, actor: actor.name, subject: "pratica", subjectId: id, action: "transition",
                                    field: "stato", oldValue: row.state, newValue: target))
            if patches, let patched = try applyPatchHook(.onTransition, type: type, view: view,
                                                          extra: [.value(.text(row.state)), .value(.text(target))], actor: actor, document: document) {
                if patched.document != document || patched.folderName != nil {
                    let (valid, linked) = try validate(patched.document, type: type, builtinIssues: [], owner: original.accountId, editor: actor,
                                                      before: [:], reader: writer.reader)
                    try rejectPluginIssues(type: type, view: praticaView(type: type, document: valid, id: row.id, state: target, year: row.year,
                                                                         folderName: patched.folderName ?? row.folderName,
                                                                         protocolText: row.protocolSlot?.text),
                                           owner: actor.accountId, actor: actor)
                    let previous = row
                    row.folderName = patched.folderName ?? row.folderName
                    audit += Self.auditChanges(before: (previous, document), after: (row, valid), type: type, actor: actor)
                        .filter { $0.field != "stato" }
                        .map { entry in var entry = entry; entry.action = "transition"; return entry }
                    document = valid
                    contacts = linked
                }
            }
            row.state = target
        }
        var index: PraticaIndex?
        if let contacts {
            row.fields = DocumentCodec.encode(document, keeping: DocumentCodec.undeclared(original.fields, type: type))
            index = makeIndex(type: type, document: document, row: row, contacts: contacts)
        } else if row.folderName != original.folderName {
            index = try makeIndex(type: type, document: before, row: row, reader: writer.reader)
        }
        _ = try writer.updatePratica(row, index: index)
        try writer.appendAudit(audit)
    }

    /// Assigns a protocol number: the first free one of the pratica's year, or `manual` when it is free.
    /// Asking for the first free number of a pratica that already has one changes nothing (a number
    /// of the register is never burnt by a second click); clear it first to renumber.
    public func assignProtocol(id: Int64, manual: String? = nil, actor: Actor) throws -> Pratica {
        try actor.require(.modifica)
        try writing { try assignProtocol(id: id, manual: manual, actor: actor, writer: $0) }
        return try pratica(id: id, actor: actor)
    }

    func assignProtocol(id: Int64, manual: String?, actor: Actor, writer: StoreWriter) throws {
            let (row, type) = try ownedRow(id: id, actor: actor, reader: writer.reader)
            guard type.protocolField != nil else {
                throw FascicoloError.invalidRequest("la tipologia '\(type.id)' non prevede un protocollo")
            }
            if manual == nil, row.protocolSlot != nil { return }
            var updated = row
            if let manual {
                updated.protocolSlot = try manualProtocol(manual, year: row.year, actor: actor, excluding: id, writer: writer)
            } else {
                let view = praticaView(type: type, document: decode(row, type: type), id: row.id, state: row.state, year: row.year,
                                       folderName: row.folderName, protocolText: nil)
                updated.protocolSlot = try nextProtocol(type: type, view: view, year: row.year, actor: actor, excluding: row.id, writer: writer)
            }
            if let old = row.protocolSlot, old != updated.protocolSlot { try writer.releaseProtocolNumber(accountId: actor.accountId, slot: old) }
            updated.updatedAt = LocalClock.timestamp()
            let document = decode(row, type: type)
            _ = try writer.updatePratica(updated, index: try makeIndex(type: type, document: document, row: updated, reader: writer.reader))
            try writer.appendAudit([AuditEntry(at: updated.updatedAt, actor: actor.name, subject: "pratica", subjectId: id,
                                               action: "protocol", field: type.protocolField?.id, oldValue: row.protocolSlot?.text,
                                               newValue: updated.protocolSlot?.text)])
    }

    /// The pratica with this id, if the actor's account owns it.
    public func pratica(id: Int64, actor: Actor) throws -> Pratica {
        try reading { reader in
            let (row, type) = try visibleRow(id: id, actor: actor, reader: reader)
            return makePratica(row, type: type, viewer: actor)
        }
    }

    /// The audit log of a pratica, oldest first. An account the pratica is shared with does not
    /// see the changes of fields hidden from it, nor the values of groups with hidden sub-fields,
    /// nor the names of attachments.
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

    /// The calculator's results cannot be typed: they are what the last quote computed.
    static func refuseFeeResults(_ paths: some Sequence<String>, type: PraticaType) throws {
        guard let results = type.fees?.results else { return }
        if let path = paths.first(where: { results.contains(String($0.prefix { $0 != "[" && $0 != "." })) }) {
            throw FascicoloError.validation([FieldIssue(field: path, message: "calcolato dal calcolatore del compenso: non si modifica a mano")])
        }
    }
}
