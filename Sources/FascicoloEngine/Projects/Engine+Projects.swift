import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// A project of a pratica (Contenuto), as a viewer may see it.
public struct PraticaProject: Sendable {
    public let id: Int64
    public let praticaId: Int64
    public let kind: ProjectKind
    public let name: String
    public let fields: [String: Value]
    public let createdAt: String
    public let updatedAt: String
    /// Increases on every save; pass it back to `updateProject` to detect concurrent edits.
    public let version: Int64
    /// The sums declared by the kind, which feed the pratica's fee calculator.
    public let attivo: Money
    public let passivo: Money
    /// Whether the viewer's account owns the pratica (and may delete the project).
    public let ownedByViewer: Bool
}

extension Engine {
    /// The kinds of project a pratica of this type may contain.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func projectKinds(for type: PraticaType) -> [ProjectKind] {
        project.projectKinds.filter { $0.applies(to: type.id) }
    }

    /// The projects of a pratica the actor may see (its owner and the accounts it is shared with).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func projects(praticaId: Int64, actor: Actor) throws -> [PraticaProject] {
        try reading { reader in
            let (row, _) = try visibleRow(id: praticaId, actor: actor, reader: reader)
            return try reader.projects(praticaId: praticaId).compactMap { try? makeProject($0, owner: row.accountId, actor: actor) }
        }
    }

    /// Creates an empty project of a kind, named by the user. Only the owner creates projects;
    /// they stay the owner's property.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func createProject(praticaId: Int64, kind kindId: String, name: String, actor: Actor) throws -> PraticaProject {
        try actor.require(.modifica)
        let name = try Self.projectName(name)
        return try writing { writer in
            let (row, type) = try ownedRow(id: praticaId, actor: actor, reader: writer.reader)
            // A kind that exists, but not for this pratica's type, conflicts with the pratica; an
            // unknown kind is simply invalid.
            guard let kind = project.projectKind(kindId), kind.applies(to: type.id) else {
                throw FascicoloError.validation([
                    FieldIssue(
                        field: "tipo", message: "tipo di progetto non previsto per questa pratica",
                        conflictsWithStoredData: project.projectKind(kindId) != nil)
                ])
            }
            let now = LocalClock.timestamp()
            let document = DocumentValidator(type: kind.schema, today: today()).defaults()
            var project = ProjectRow(
                praticaId: praticaId, kind: kind.id, name: name, fields: DocumentCodec.encode(document),
                createdAt: now, updatedAt: now)
            project.id = try writer.insertProject(project)
            try writer.appendAudit([
                AuditEntry(
                    at: now, actor: actor.name, subject: "pratica", subjectId: praticaId, action: "project_create",
                    field: "progetti", newValue: name)
            ])
            return try makeProject(project, owner: row.accountId, actor: actor)
        }
    }

    /// One project, for its pratica's owner and the accounts the pratica is shared with.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func project(id: Int64, actor: Actor) throws -> PraticaProject {
        try reading { reader in
            let (project, pratica) = try visibleProject(id: id, actor: actor, reader: reader)
            return try makeProject(project, owner: pratica.accountId, actor: actor)
        }
    }

    /// Saves a project's name and data if it is still at `expectedVersion`. The owner and the
    /// accounts the pratica is shared with edit projects; values are validated by the kind's
    /// schema, and contacts must be the owner's.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func updateProject(id: Int64, expectedVersion: Int64, name: String?, changes: PraticaChanges, actor: Actor) throws -> PraticaProject {
        try actor.require(.modifica)
        let newName = try name.map(Self.projectName)
        return try writing { writer in
            let (stored, pratica) = try visibleProject(id: id, actor: actor, reader: writer.reader)
            guard stored.version == expectedVersion else { throw FascicoloError.conflict(expected: expectedVersion, actual: stored.version) }
            let kind = try projectKind(stored.kind)
            let current = DocumentCodec.decode(stored.fields, type: kind.schema)
            let fields = try FieldPaths.apply(changes.values, to: current, type: kind.schema).get()
            let (document, contacts) = try validate(
                fields, type: kind.schema, builtinIssues: [], owner: pratica.accountId, editor: actor,
                before: current, reader: writer.reader)
            var updated = stored
            updated.name = newName ?? stored.name
            updated.fields = DocumentCodec.encode(document)
            guard updated.fields != stored.fields || updated.name != stored.name else {
                return try makeProject(stored, owner: pratica.accountId, actor: actor)
            }
            updated.updatedAt = LocalClock.timestamp()
            try writer.updateProject(updated)
            try writer.setProjectContacts(projectId: updated.id, Set(contacts.map(\.id)))
            try writer.appendAudit([
                AuditEntry(
                    at: updated.updatedAt, actor: actor.name, subject: "pratica", subjectId: pratica.id,
                    action: "project_update", field: "progetti", newValue: updated.name)
            ])
            updated.version += 1
            return try makeProject(updated, owner: pratica.accountId, actor: actor)
        }
    }

    /// Deletes a project: only the pratica's owner may.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func deleteProject(id: Int64, actor: Actor) throws {
        try actor.require(.modifica)
        try writing { writer in
            let (stored, pratica) = try visibleProject(id: id, actor: actor, reader: writer.reader)
            guard pratica.accountId == actor.accountId else {
                throw FascicoloError.forbidden("il progetto appartiene all'account proprietario della pratica: solo questo può eliminarlo")
            }
            _ = try writer.deleteProject(id: id)
            try writer.appendAudit([
                AuditEntry(
                    at: LocalClock.timestamp(), actor: actor.name, subject: "pratica", subjectId: pratica.id,
                    action: "project_delete", field: "progetti", oldValue: stored.name)
            ])
        }
    }

    /// Copies a project's attivo and passivo into the pratica's fee calculator inputs (owner only,
    /// as every fee change), checked like amounts typed by hand; the fees are then computed as usual.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func useProjectTotals(id: Int64, actor: Actor) throws -> Pratica {
        let source = try project(id: id, actor: actor)
        let pratica = try self.pratica(id: source.praticaId, actor: actor)
        guard let fees = pratica.type.fees else {
            throw FascicoloError.invalidRequest("la tipologia di questa pratica non ha il calcolatore dei compensi")
        }
        guard pratica.accountId == actor.accountId else { throw Self.sharedReadOnly }
        return try update(
            id: pratica.id, expectedVersion: pratica.version,
            changes: PraticaChanges([(fees.attivo, .text(source.attivo.plain)), (fees.passivo, .text(source.passivo.plain))]),
            actor: actor)
    }

    // MARK: - Support

    private func visibleProject(id: Int64, actor: Actor, reader: StoreReader) throws -> (ProjectRow, PraticaRow) {
        let missing = FascicoloError.notFound("progetto \(id)")
        guard let project = try reader.project(id: id) else { throw missing }
        do {
            return (project, try visibleRow(id: project.praticaId, actor: actor, reader: reader).0)
        } catch FascicoloError.notFound {
            throw missing
        }
    }

    private func projectKind(_ id: String) throws -> ProjectKind {
        guard let kind = project.projectKind(id) else { throw FascicoloError.notFound("tipo di progetto\(FieldIssue.quoted(id))") }
        return kind
    }

    func makeProject(_ row: ProjectRow, owner: Int64, actor: Actor) throws -> PraticaProject {
        let kind = try projectKind(row.kind)
        let fields = DocumentCodec.decode(row.fields, type: kind.schema)
        let totals = kind.totals(fields)
        return PraticaProject(
            id: row.id, praticaId: row.praticaId, kind: kind, name: row.name, fields: fields, createdAt: row.createdAt,
            updatedAt: row.updatedAt, version: row.version, attivo: totals.attivo, passivo: totals.passivo,
            ownedByViewer: owner == actor.accountId)
    }

    private static func projectName(_ text: String) throws -> String {
        let name = text.trimmingWhitespace()
        guard (1...200).contains(name.count), !name.hasControlCharacters() else {
            throw FascicoloError.validation([FieldIssue(field: "nome", message: "il nome del progetto è obbligatorio (al massimo 200 caratteri)")])
        }
        return name
    }
}
