import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The manual's rules for attachments (section Allegati), the checks on what is uploaded, and
/// the bytes on disk: stored once by SHA-256, removed when no record names them.
@Suite struct AttachmentTests {
    static let pdf = Array("%PDF-1.4\n% prova\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]

    /// Streams `bytes` into the staging folder in two chunks and files them as `name`.
    @discardableResult
    static func upload(_ engine: Engine, _ bytes: [UInt8], name: String, claimed: String? = nil, pratica: Int64, visitor: Visitor) throws
        -> FascicoloEngine.Attachment
    {
        let sink = try engine.stageUpload()
        try sink.write(bytes.prefix(5))
        try sink.write(bytes.dropFirst(5))
        return try engine.addAttachment(praticaId: pratica, file: try sink.finish(), name: name, claimedType: claimed, visitor: visitor)
    }

    static func files(_ t: TestEngine) -> [String] {
        let root = t.dataDirectory.appendingPathComponent("allegati")
        let names = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        return names.filter { !$0.hasSuffix("tmp") && $0.count > 3 }.sorted()
    }

    @Test func ownerSharedAccountAndDebtorEachSeeWhatTheManualSays() throws {
        let w = try SharedWorld()
        let id = w.pratica.id
        let ownerFile = try Self.upload(w.engine, Self.pdf, name: "ricorso.pdf", pratica: id, visitor: .user(w.owner))
        let gestoreFile = try Self.upload(w.engine, Self.png, name: "relazione.png", pratica: id, visitor: .user(w.gestore))
        let token = try w.engine.regenerateDossierToken(praticaId: id, actor: w.owner)
        let pass = try #require(try w.engine.enterDossier(token: token.characters)).pass
        let debtorFile = try Self.upload(w.engine, Self.pdf + [0x20], name: "busta paga.pdf", pratica: id, visitor: .debtor(pass))

        #expect(try w.engine.attachments(praticaId: id, visitor: .user(w.owner)).map(\.id) == [ownerFile.id, gestoreFile.id, debtorFile.id])
        let seenByGestore = try w.engine.attachments(praticaId: id, visitor: .user(w.gestore))
        #expect(seenByGestore.map(\.id) == [ownerFile.id, gestoreFile.id, debtorFile.id])
        #expect(seenByGestore.map(\.changeable) == [false, true, false])
        #expect(try w.engine.attachments(praticaId: id, visitor: .debtor(pass)).map(\.id) == [debtorFile.id])

        _ = try w.engine.setAttachmentDebtorVisible(id: ownerFile.id, praticaId: id, visible: true, visitor: .user(w.owner))
        #expect(try w.engine.attachments(praticaId: id, visitor: .debtor(pass)).map(\.id) == [ownerFile.id, debtorFile.id])
        #expect(throws: FascicoloError.notFound("allegato \(gestoreFile.id)")) {
            try w.engine.openAttachment(id: gestoreFile.id, praticaId: id, visitor: .debtor(pass))
        }
        #expect(throws: FascicoloError.notFound("pratica \(id)")) { try w.engine.attachments(praticaId: id, visitor: .user(w.stranger)) }
    }

    /// Two accounts share the pratica: each reads the owner's files and its own, not the other's.
    @Test func aSharedAccountDoesNotReadAnotherSharedAccountsFiles() throws {
        let w = try SharedWorld()
        let second = try w.engine.createAccount(name: "Studio Supervisore", kind: "professionista")
        _ = try w.engine.share(id: w.pratica.id, withAccountCode: second.code, actor: w.owner)
        let supervisor = Actor(accountId: second.id, name: "supervisore@studio.it", permissions: Role.operatore.permissions)
        let theirs = try Self.upload(w.engine, Self.pdf, name: "nota.pdf", pratica: w.pratica.id, visitor: .user(supervisor))
        #expect(try w.engine.attachments(praticaId: w.pratica.id, visitor: .user(w.gestore)).isEmpty)
        #expect(throws: FascicoloError.notFound("allegato \(theirs.id)")) {
            try w.engine.openAttachment(id: theirs.id, praticaId: w.pratica.id, visitor: .user(w.gestore))
        }
        #expect(try w.engine.attachments(praticaId: w.pratica.id, visitor: .user(w.owner)).map(\.id) == [theirs.id])
    }

    @Test func onlyTheOwnerAndTheUploaderChangeAFile() throws {
        let w = try SharedWorld()
        let id = w.pratica.id
        let ownerFile = try Self.upload(w.engine, Self.pdf, name: "ricorso.pdf", pratica: id, visitor: .user(w.owner))
        let gestoreFile = try Self.upload(w.engine, Self.png, name: "relazione.png", pratica: id, visitor: .user(w.gestore))
        #expect(
            try w.engine.attachments(praticaId: id, visitor: .user(w.reader)).map(\.changeable) == [false, false],
            "a read-only role is told it cannot change any file")
        let refusal = FascicoloError.forbidden("solo chi ha caricato il file o l'account proprietario della pratica può modificarlo")
        #expect(throws: refusal) { try w.engine.deleteAttachment(id: ownerFile.id, praticaId: id, visitor: .user(w.gestore)) }
        #expect(throws: refusal) {
            try w.engine.setAttachmentDebtorVisible(id: ownerFile.id, praticaId: id, visible: true, visitor: .user(w.gestore))
        }
        #expect(throws: FascicoloError.forbidden("il tuo ruolo non consente modifiche")) {
            try w.engine.deleteAttachment(id: ownerFile.id, praticaId: id, visitor: .user(w.reader))
        }
        try w.engine.deleteAttachment(id: gestoreFile.id, praticaId: id, visitor: .user(w.owner))
        #expect(try w.engine.attachments(praticaId: id, visitor: .user(w.owner)).map(\.id) == [ownerFile.id])
    }

    @Test func aForgedIdOfAnotherPraticaIsNotFound() throws {
        let w = try SharedWorld()
        let other = try w.t.createCrisi(debitore: w.debtor.id)
        let file = try Self.upload(w.engine, Self.pdf, name: "altro.pdf", pratica: other.id, visitor: .user(w.owner))
        #expect(throws: FascicoloError.notFound("allegato \(file.id)")) {
            try w.engine.openAttachment(id: file.id, praticaId: w.pratica.id, visitor: .user(w.gestore))
        }
    }

    @Test(
        arguments: [
            ("vuoto.pdf", [UInt8](), nil, "il file è vuoto"),
            ("finto.pdf", Array("MZ eseguibile".utf8), nil, "il contenuto del file non corrisponde alla sua estensione"),
            ("documento.pdf", AttachmentTests.pdf, "image/png", "il tipo dichiarato non corrisponde all'estensione del file"),
            (
                "programma.exe", AttachmentTests.pdf, nil,
                "tipo di file non accettato (estensioni ammesse: csv, doc, docx, eml, jpeg, jpg, ods, odt, p7m, pdf, png, tif, tiff, txt, xls, xlsx, xml, zip)"
            ),
            ("../..", AttachmentTests.pdf, nil, "nome del file mancante o non valido"),
        ] as [(String, [UInt8], String?, String)])
    func badFilesAreRefusedAndLeaveNothing(name: String, bytes: [UInt8], claimed: String?, message: String) throws {
        let w = try SharedWorld()
        #expect(throws: FascicoloError.validation([FieldIssue(field: "file", message: message)])) {
            try Self.upload(w.engine, bytes, name: name, claimed: claimed, pratica: w.pratica.id, visitor: .user(w.owner))
        }
        #expect(Self.files(w.t).isEmpty)
        #expect(try w.engine.attachments(praticaId: w.pratica.id, visitor: .user(w.owner)).isEmpty)
    }

    @Test func pathsInTheNameAreDropped() throws {
        let w = try SharedWorld()
        let file = try Self.upload(w.engine, Self.pdf, name: "../../etc/passwd.pdf", pratica: w.pratica.id, visitor: .user(w.owner))
        #expect(file.name == "passwd.pdf")
    }

    @Test func anUploadPastTheLimitStopsAndLeavesNothing() throws {
        let directory = TestPaths.temporaryDirectory("fascicolo-limit")
        let engine = try Engine(project: TestProjects.repository, dataDirectory: directory, configuration: EngineConfiguration(uploadLimit: 8))
        let sink = try engine.stageUpload()
        try sink.write(Self.pdf.prefix(8))
        #expect(throws: UploadError.self) { try sink.write([0x20]) }
        let staging = directory.appendingPathComponent("allegati/tmp")
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.path).isEmpty)
    }

    @Test func theSameBytesAreStoredOnceAndRemovedWithTheLastRecord() throws {
        let w = try SharedWorld()
        let first = try Self.upload(w.engine, Self.pdf, name: "a.pdf", pratica: w.pratica.id, visitor: .user(w.owner))
        let second = try Self.upload(w.engine, Self.pdf, name: "b.pdf", pratica: w.pratica.id, visitor: .user(w.owner))
        #expect(Self.files(w.t).count == 1)
        let (_, url) = try w.engine.openAttachment(id: second.id, praticaId: w.pratica.id, visitor: .user(w.owner))
        #expect(try Data(contentsOf: url) == Data(Self.pdf))
        try w.engine.deleteAttachment(id: first.id, praticaId: w.pratica.id, visitor: .user(w.owner))
        #expect(Self.files(w.t).count == 1)
        try w.engine.deleteAttachment(id: second.id, praticaId: w.pratica.id, visitor: .user(w.owner))
        #expect(Self.files(w.t).isEmpty)
    }

    @Test func uploadsDownloadsAndDeletionsAreAudited() throws {
        let w = try SharedWorld()
        let file = try Self.upload(w.engine, Self.pdf, name: "a.pdf", pratica: w.pratica.id, visitor: .user(w.gestore))
        _ = try w.engine.openAttachment(id: file.id, praticaId: w.pratica.id, visitor: .user(w.owner))
        try w.engine.deleteAttachment(id: file.id, praticaId: w.pratica.id, visitor: .user(w.owner))
        let entries = try w.engine.history(id: w.pratica.id, actor: w.owner).filter { $0.field == "allegati" }
        #expect(entries.map(\.action) == ["upload", "download", "delete"])
        #expect(entries.map(\.actor) == ["gestore@studio.it", "operatore di prova", "operatore di prova"])
    }

    /// A backup's folder is a complete data directory: the database, the files it names and the
    /// key that seals the debtor's code.
    @Test func aBackupCarriesTheFilesAndTheKey() throws {
        let w = try SharedWorld()
        let file = try Self.upload(w.engine, Self.pdf, name: "ricorso.pdf", pratica: w.pratica.id, visitor: .user(w.owner))
        let token = try w.engine.regenerateDossierToken(praticaId: w.pratica.id, actor: w.owner)
        let folder = TestPaths.temporaryDirectory("fascicolo-backup")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try w.engine.backup(to: folder.appendingPathComponent("fascicolo.sqlite"))
        let restored = try Engine(project: TestProjects.repository, dataDirectory: folder)
        let (_, url) = try restored.openAttachment(id: file.id, praticaId: w.pratica.id, visitor: .user(w.owner))
        #expect(try Data(contentsOf: url) == Data(Self.pdf))
        #expect(try restored.dossierToken(praticaId: w.pratica.id, actor: w.owner) == token)
    }
}
