import FascicoloCore
import FascicoloStore
import Foundation

extension Engine {
    /// Starts receiving an upload into the staging folder, refused past `uploadLimit` bytes.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func stageUpload() throws -> UploadSink {
        try blobs.stage(limit: uploadLimit)
    }

    /// The files of a pratica this visitor may see, oldest first.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func attachments(praticaId: Int64, visitor: Visitor) throws -> [Attachment] {
        try reading { reader in
            let (party, owner) = try attachmentParty(praticaId: praticaId, visitor: visitor, reader: reader)
            return try reader.attachments(praticaId: praticaId).filter { party.mayRead($0, ownerAccountId: owner) }
                .map { makeAttachment($0, party: party, visitor: visitor) }
        }
    }

    /// Files a complete upload under a pratica. The name must have an accepted extension, the
    /// content must match it (and the media type the client claimed), and the file must not be
    /// empty; a refused upload leaves nothing behind.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func addAttachment(
        praticaId: Int64, file: StagedFile, name rawName: String, claimedType: String?,
        visitor: Visitor
    ) throws -> Attachment {
        do {
            try visitor.requireChanges()
            guard let name = FileKind.cleanName(rawName) else { throw Self.fileIssue("nome del file mancante o non valido") }
            guard let kind = FileKind.of(name: name) else {
                throw Self.fileIssue("tipo di file non accettato (estensioni ammesse: \(FileKind.acceptedList))")
            }
            guard file.size > 0 else { throw Self.fileIssue("il file è vuoto") }
            guard kind.accepts(claimed: claimedType) else { throw Self.fileIssue("il tipo dichiarato non corrisponde all'estensione del file") }
            guard kind.matches(head: file.head) else { throw Self.fileIssue("il contenuto del file non corrisponde alla sua estensione") }
            return try writing { writer in
                let (party, _) = try attachmentParty(praticaId: praticaId, visitor: visitor, reader: writer.reader)
                let now = LocalClock.timestamp()
                var row = AttachmentRow(
                    praticaId: praticaId, uploaderAccountId: visitor.accountId, uploadedBy: visitor.auditName,
                    name: name, mediaType: kind.mediaType, size: file.size, sha256: file.sha256, createdAt: now)
                row.id = try writer.insertAttachment(row)
                try writer.appendAudit([
                    AuditEntry(
                        at: now, actor: visitor.auditName, subject: "pratica", subjectId: praticaId,
                        action: "upload", field: "allegati", newValue: name)
                ])
                try blobs.keep(file)
                return makeAttachment(row, party: party, visitor: visitor)
            }
        } catch {
            file.discard()
            throw error
        }
    }

    /// A file the visitor may read, with where its bytes are; the download is audited.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func openAttachment(id: Int64, praticaId: Int64, visitor: Visitor) throws -> (attachment: Attachment, url: URL) {
        try writing { writer in
            let (row, party) = try readableAttachment(id: id, praticaId: praticaId, visitor: visitor, reader: writer.reader)
            try writer.appendAudit([
                AuditEntry(
                    at: LocalClock.timestamp(), actor: visitor.auditName, subject: "pratica", subjectId: praticaId,
                    action: "download", field: "allegati", newValue: row.name)
            ])
            return (makeAttachment(row, party: party, visitor: visitor), blobs.url(sha256: row.sha256))
        }
    }

    /// Deletes a file the visitor may change; its bytes go when no other record names them.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func deleteAttachment(id: Int64, praticaId: Int64, visitor: Visitor) throws {
        try visitor.requireChanges()
        let sha = try writing { writer in
            let (row, _) = try changeableAttachment(id: id, praticaId: praticaId, visitor: visitor, reader: writer.reader)
            _ = try writer.deleteAttachment(id: id)
            try writer.appendAudit([
                AuditEntry(
                    at: LocalClock.timestamp(), actor: visitor.auditName, subject: "pratica", subjectId: praticaId,
                    action: "delete", field: "allegati", oldValue: row.name)
            ])
            return row.sha256
        }
        // Checked in a write transaction of its own, so that no upload of the same bytes slips in between.
        try writing { writer in
            if try !writer.reader.blobIsReferenced(sha256: sha) { blobs.remove(sha256: sha) }
        }
    }

    /// Shows a file to the debtor in the token area, or hides it again.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setAttachmentDebtorVisible(id: Int64, praticaId: Int64, visible: Bool, visitor: Visitor) throws -> Attachment {
        try visitor.requireChanges()
        return try writing { writer in
            var (row, party) = try changeableAttachment(id: id, praticaId: praticaId, visitor: visitor, reader: writer.reader)
            guard row.debtorVisible != visible else { return makeAttachment(row, party: party, visitor: visitor) }
            try writer.setAttachmentDebtorVisible(id: id, visible)
            try writer.appendAudit([
                AuditEntry(
                    at: LocalClock.timestamp(), actor: visitor.auditName, subject: "pratica", subjectId: praticaId,
                    action: visible ? "show_debtor" : "hide_debtor", field: "allegati", newValue: row.name)
            ])
            row.debtorVisible = visible
            return makeAttachment(row, party: party, visitor: visitor)
        }
    }

    // MARK: - Rules

    /// What the visitor is to the pratica, and the owning account; 404 when it may not see it.
    private func attachmentParty(praticaId: Int64, visitor: Visitor, reader: StoreReader) throws -> (party: AttachmentParty, owner: Int64) {
        switch visitor {
        case .user(let actor):
            let (row, _) = try visibleRow(id: praticaId, actor: actor, reader: reader)
            return (row.accountId == actor.accountId ? .owner : .shared(accountId: actor.accountId), row.accountId)
        case .debtor(let pass):
            guard pass.praticaId == praticaId, let row = try reader.pratica(id: praticaId) else {
                throw FascicoloError.notFound("pratica \(praticaId)")
            }
            return (.debtor, row.accountId)
        }
    }

    private func readableAttachment(id: Int64, praticaId: Int64, visitor: Visitor, reader: StoreReader) throws -> (AttachmentRow, AttachmentParty) {
        let (party, owner) = try attachmentParty(praticaId: praticaId, visitor: visitor, reader: reader)
        guard let row = try reader.attachment(id: id), row.praticaId == praticaId, party.mayRead(row, ownerAccountId: owner) else {
            throw FascicoloError.notFound("allegato \(id)")
        }
        return (row, party)
    }

    private func changeableAttachment(id: Int64, praticaId: Int64, visitor: Visitor, reader: StoreReader) throws -> (AttachmentRow, AttachmentParty) {
        let (row, party) = try readableAttachment(id: id, praticaId: praticaId, visitor: visitor, reader: reader)
        guard party.mayChange(row) else {
            throw FascicoloError.forbidden("solo chi ha caricato il file o l'account proprietario della pratica può modificarlo")
        }
        return (row, party)
    }

    private func makeAttachment(_ row: AttachmentRow, party: AttachmentParty, visitor: Visitor) -> Attachment {
        Attachment(
            id: row.id, praticaId: row.praticaId, name: row.name, mediaType: row.mediaType, size: row.size, uploadedBy: row.uploadedBy,
            uploadedAt: row.createdAt, debtorVisible: row.debtorVisible, fromDebtor: row.uploaderAccountId == nil,
            changeable: party.mayChange(row) && visitor.changesData)
    }

    private static func fileIssue(_ message: String) -> FascicoloError {
        .validation([FieldIssue(field: "file", message: message)])
    }
}
