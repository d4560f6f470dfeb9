import FascicoloCore
import FascicoloEngine
import FascicoloSchema

/// The pratica form page, shaped for the `pratica` template.
struct PraticaPage {
    struct SectionView {
        let id: String
        let label: String
        let fields: [FieldView]
        let hasError: Bool
        let selected: Bool
        let showsFees: Bool
    }
    struct TransitionView {
        let to: String
        let label: String
        let refusal: String?
        let refusalId: String
    }
    struct IssueView {
        let field: String
        let message: String
    }
    struct HistoryView {
        let at: String
        let actor: String
        let action: String
        let field: String
        let change: String
    }
    struct LinkView {
        let href: String
        let title: String
        let typeLabel: String
        let fieldLabel: String
        /// The other pratica links to this one.
        let incoming: Bool
    }
    struct ShareView {
        let name: String
        let code: String
        let accountId: Int64
        let since: String
    }
    struct AttachmentView {
        let fileId: Int64
        let name: String
        let size: String
        let uploadedBy: String
        let uploadedAt: String
        let debtorVisible: Bool
        let changeable: Bool
        let fromDebtor: Bool
    }
    struct ProjectView {
        let projectId: Int64
        let name: String
        let kindLabel: String
        let attivo: String
        let passivo: String
        let updatedAt: String
    }
    /// The debtor's token area, for the owner's roles that manage it: whether a token exists, and the token when asked for.
    struct DossierView {
        let hasToken: Bool
        let createdAt: String
        let shownToken: String?
        let address: String
    }

    let chrome: Chrome
    let isNew: Bool
    let id: Int64?
    let action: String
    let typeId: String
    let heading: String
    let stateLabel: String?
    let version: Int64
    let folderName: String
    let initialStates: [OptionView]
    let sections: [SectionView]
    let transitions: [TransitionView]
    let issues: [IssueView]
    let hasIssues: Bool
    let conflict: Bool
    let fees: FeesView?
    let history: [HistoryView]
    let readOnly: Bool
    let canNumber: Bool
    /// For a pratica shared with the user's account: who owns it (the page is read-only).
    let sharedBy: String?
    /// Whether the user's account owns the pratica (state changes and the fee calculator are the owner's).
    let isOwner: Bool
    /// For the owner: the accounts the pratica is shared with, and whether the user may change that.
    /// The pratiche this one links to, and those linking to it.
    let links: [LinkView]
    let hasLinks: Bool
    let shares: [ShareView]
    let canShare: Bool
    /// Accounts already shared with elsewhere, offered when typing a code.
    let shareTargets: [OptionView]
    /// The open tab, sent back with the form so that the page reopens on it.
    let currentSection: String
    let historySelected: Bool
    /// The "Allegati" tab: the files the user may see, and the upload form's target (with its CSRF token).
    let attachments: [AttachmentView]
    let hasAttachments: Bool
    let canUpload: Bool
    let uploadAction: String
    let uploadLimit: String
    let attachmentsSelected: Bool
    /// The "Contenuto" tab: the pratica's projects, and the kinds a new one may be.
    let projects: [ProjectView]
    let hasProjects: Bool
    let projectKinds: [OptionView]
    let canCreateProject: Bool
    let projectsSelected: Bool
    /// The "Area debitore" tab (owner only).
    let dossier: DossierView?
    let dossierSelected: Bool
}

/// Everything a render of the pratica page depends on.
struct PraticaPageInput {
    var pratica: Pratica?
    var type: PraticaType
    var values: FormValues
    var issues: [FieldIssue] = []
    var notice: String?
    var alert: String?
    var conflict = false
    var version: Int64
    /// The tab to open (a section id, `storico`, `allegati` or `token`), unless an error is elsewhere.
    var section: String?
    /// The debtor's token, when the owner asked to see it (or just generated it).
    var shownToken: DossierToken?
}

extension PraticaPageInput {
    /// The page of a stored pratica as it was saved.
    init(pratica: Pratica) {
        self.init(pratica: pratica, type: pratica.type, values: FormValues(pratica: pratica), version: pratica.version)
    }
}

/// Builds the page: sections as tabs (the one with the first error selected), grey read-only
/// fields, the transitions with the plugin's answer, the fee breakdown and the history.
struct PraticaPageBuilder {
    let engine: Engine
    let identity: Identity

    func build(_ input: PraticaPageInput) throws -> PraticaPage {
        let type = input.type
        let readOnly = Self.readOnlyFields(type)
        let owned = input.pratica.map { $0.accountId == identity.user.accountId } ?? true
        let canEdit = identity.user.role.canWrite && (owned || type.hasSharedEdits)
        let issueIndex = FieldViewBuilder.index(input.issues)
        let builder = FieldViewBuilder(
            type: type, values: input.values, issues: issueIndex, readOnly: readOnly,
            allReadOnly: !canEdit, sharedViewer: !owned, contactNames: try contactNames(input.values, type: type))
        let firstErrorSection = type.sections.first { section in
            section.fields.contains { field in input.issues.contains { Self.root(of: $0.field) == field.id } }
        }?.id
        let extraTabs: Set<String> = owned ? ["storico", "allegati", "contenuto", "token"] : ["storico", "allegati", "contenuto"]
        let requested = input.section.flatMap { id in
            type.sections.contains { $0.id == id } || (extraTabs.contains(id) && input.pratica != nil) ? id : nil
        }
        let current = firstErrorSection ?? requested ?? type.sections.first?.id ?? ""
        let sections = type.sections.map { section in
            PraticaPage.SectionView(
                id: section.id, label: section.label, fields: section.fields.filter(builder.shows).map(builder.view),
                hasError: section.fields.contains { field in input.issues.contains { Self.root(of: $0.field) == field.id } },
                selected: section.id == current,
                showsFees: type.fees.map { fees in section.fields.contains { $0.id == fees.kind } } ?? false)
        }
        let pratica = input.pratica
        let attachments = try attachmentViews(pratica)
        let links =
            try pratica.map { pratica in
                try engine.links(of: pratica, actor: identity.actor).map { link in
                    PraticaPage.LinkView(
                        href: "/pratiche/\(link.pratica.id)", title: link.pratica.protocolNumber?.text ?? link.pratica.folderName,
                        typeLabel: link.pratica.type.label, fieldLabel: link.fieldLabel, incoming: link.incoming)
                }
            } ?? []
        let projectKinds = engine.projectKinds(for: type)
        let projects =
            try pratica.map { pratica in
                try engine.projects(praticaId: pratica.id, actor: identity.actor).map {
                    PraticaPage.ProjectView(
                        projectId: $0.id, name: $0.name, kindLabel: $0.kind.label, attivo: $0.attivo.italian,
                        passivo: $0.passivo.italian, updatedAt: Self.moment($0.updatedAt))
                }
            } ?? []
        let transitions = try pratica.map { try engine.transitionOptions(for: $0, actor: identity.actor) } ?? []
        let fees = pratica.flatMap { pratica in (try? engine.currentFees(of: pratica, actor: identity.actor)).flatMap { $0 } }
        return PraticaPage(
            chrome: Chrome(
                title: pratica.map(Self.heading) ?? "Nuova pratica", identity: identity, section: .pratiche,
                notice: input.notice, alert: input.alert),
            isNew: pratica == nil,
            id: pratica?.id,
            action: pratica.map { "/pratiche/\($0.id)" } ?? "/pratiche",
            typeId: type.id,
            heading: try pratica.map { try Self.heading($0) + subject(of: $0) } ?? "Nuova pratica — \(type.label)",
            stateLabel: pratica?.stateLabel,
            version: input.version,
            folderName: input.values.scalars[BuiltinField.nome_cartella.rawValue] ?? pratica?.folderName ?? "",
            initialStates: type.initialStates.map { state in
                OptionView(value: state.id, label: state.label, selected: (input.values.scalars["stato"] ?? type.initialStates[0].id) == state.id)
            },
            sections: sections,
            transitions: transitions.map { option in
                PraticaPage.TransitionView(
                    to: option.transition.to, label: option.transition.label,
                    refusal: option.refusal.map { $0.isEmpty ? "non consentito ora" : $0 },
                    refusalId: "motivo-\(option.transition.to)")
            },
            issues: input.issues.map { PraticaPage.IssueView(field: Self.label(of: $0.field, type: type), message: $0.message) },
            hasIssues: !input.issues.isEmpty,
            conflict: input.conflict,
            fees: fees.map(FeesView.init),
            history: try pratica.map { try history($0) } ?? [],
            readOnly: !canEdit,
            canNumber: type.protocolField != nil && pratica?.protocolNumber == nil,
            sharedBy: try pratica.flatMap { try engine.owner(of: $0, actor: identity.actor) }.map { "\($0.name) (\($0.code))" },
            isOwner: owned,
            links: links, hasLinks: !links.isEmpty,
            shares: owned
                ? try pratica.map { pratica in
                    try engine.shares(id: pratica.id, actor: identity.actor).map {
                        PraticaPage.ShareView(name: $0.account.name, code: $0.account.code, accountId: $0.account.id, since: Self.moment($0.since))
                    }
                } ?? [] : [],
            canShare: identity.user.role.may(.condivisione) && owned && pratica != nil,
            shareTargets: identity.user.role.may(.condivisione) && owned && pratica != nil
                ? try engine.shareTargets(actor: identity.actor).map { OptionView(value: $0.code, label: $0.name, selected: false) } : [],
            currentSection: current, historySelected: current == "storico",
            attachments: attachments, hasAttachments: !attachments.isEmpty,
            canUpload: identity.user.role.canWrite && pratica != nil,
            uploadAction: pratica.map { "/pratiche/\($0.id)/allegati?_csrf=" + FormData.percentEncode(identity.csrfToken ?? "") } ?? "",
            uploadLimit: ByteSize.text(engine.uploadLimit),
            attachmentsSelected: current == "allegati",
            projects: projects, hasProjects: !projects.isEmpty,
            projectKinds: projectKinds.map { OptionView(value: $0.id, label: $0.label, selected: false) },
            canCreateProject: owned && identity.user.role.canWrite && !projectKinds.isEmpty,
            projectsSelected: current == "contenuto",
            dossier: try pratica.flatMap { owned && identity.user.role.may(.area_debitore) ? try dossierView($0, shown: input.shownToken) : nil },
            dossierSelected: current == "token")
    }

    private func attachmentViews(_ pratica: Pratica?) throws -> [PraticaPage.AttachmentView] {
        guard let pratica else { return [] }
        return try engine.attachments(praticaId: pratica.id, visitor: .user(identity.actor)).map {
            PraticaPage.AttachmentView(
                fileId: $0.id, name: $0.name, size: ByteSize.text($0.size), uploadedBy: $0.uploadedBy,
                uploadedAt: Self.moment($0.uploadedAt), debtorVisible: $0.debtorVisible,
                changeable: $0.changeable, fromDebtor: $0.fromDebtor)
        }
    }

    private func dossierView(_ pratica: Pratica, shown: DossierToken?) throws -> PraticaPage.DossierView {
        let createdAt = try shown?.createdAt ?? engine.dossierTokenCreatedAt(praticaId: pratica.id, actor: identity.actor)
        return PraticaPage.DossierView(
            hasToken: createdAt != nil, createdAt: createdAt.map(Self.moment) ?? "",
            shownToken: shown?.display, address: DossierController.path)
    }

    /// The saved pratica again after an action beside the form was refused (a share, an upload, a
    /// new project): the tab `section` open and the reasons in one alert, `what` first.
    func refused(_ what: String, issues: [FieldIssue], pratica: Pratica, section: String?) throws -> PraticaPage {
        var input = PraticaPageInput(pratica: pratica)
        input.section = section
        input.alert = what + ": " + issues.map(\.message).joined(separator: "; ") + "."
        return try build(input)
    }

    /// The fee calculator's results and the computed fields: filled by the calculator and the
    /// plugin's `compute` hook, never typed.
    static func readOnlyFields(_ type: PraticaType) -> Set<String> {
        (type.fees?.results ?? []).union(type.fields.filter(\.computed).map(\.id))
    }

    /// The fields a save reads back from the form: for an account the pratica is shared with, only
    /// those it may change (whole fields, or groups with changeable sub-fields).
    static func unsavedFields(_ type: PraticaType, owned: Bool) -> Set<String> {
        guard !owned else { return readOnlyFields(type) }
        let open = type.fields.filter { $0.sharedEdit || ($0.kind.group?.fields.contains(where: \.sharedEdit) ?? false) }.map(\.id)
        return readOnlyFields(type).union(type.fields.map(\.id)).subtracting(open)
    }

    static func heading(_ pratica: Pratica) -> String {
        pratica.protocolNumber.map { "Pratica \($0.text)" } ?? (pratica.folderName.isEmpty ? "Pratica n. \(pratica.id)" : pratica.folderName)
    }

    /// `udienze[2].data` → `udienze`.
    static func root(of path: String) -> String {
        String(path.prefix { $0 != "[" && $0 != "." })
    }

    /// `udienze[2].data` → `Udienza 2: Data`, for the summary of errors.
    static func label(of path: String, type: PraticaType) -> String {
        guard let field = type.field(root(of: path)) else { return BuiltinField(rawValue: path)?.label ?? path }
        guard let group = field.kind.group, let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]") else { return field.label }
        let row = path[path.index(after: open)..<close]
        let sub = path[path.index(after: close)...].dropFirst()
        return "\(group.itemLabel) \(row)" + (group.field(String(sub)).map { ": \($0.label)" } ?? "")
    }

    /// ` — Rossi Mario`: the people of the first contact column of the type's list, so that
    /// pratiche without a protocol can be told apart.
    private func subject(of pratica: Pratica) throws -> String {
        guard
            let path = pratica.type.list.columns.first(where: { path in
                if case .contact? = pratica.type.resolve(path: path)?.field.kind { true } else { false }
            })
        else { return "" }
        let names = try engine.render(columns: [path], for: [pratica], actor: identity.actor).first?.first ?? ""
        return names.isEmpty ? "" : " — \(names)"
    }

    func contactNames(_ values: FormValues, type: PraticaType) throws -> [Int64: String] {
        var ids: Set<Int64> = []
        for field in type.fields {
            if case .contact = field.kind, let id = values.scalars[field.id].flatMap({ Int64($0) }) { ids.insert(id) }
            if let group = field.kind.group {
                for sub in group.fields {
                    if case .contact = sub.kind {
                        ids.formUnion((values.groups[field.id] ?? []).compactMap { $0[sub.id].flatMap { Int64($0) } })
                    }
                }
            }
        }
        return try engine.contactNames(ids: ids, actor: identity.actor)
    }

    private func history(_ pratica: Pratica) throws -> [PraticaPage.HistoryView] {
        try engine.history(id: pratica.id, actor: identity.actor).reversed().map { entry in
            let field = entry.field.map { Self.label(of: $0, type: pratica.type) } ?? ""
            let kind = entry.field.flatMap { pratica.type.resolve(path: Self.plainPath($0))?.field.kind }
            let old = Self.readable(entry.oldValue ?? "", kind: kind)
            let new = Self.readable(entry.newValue ?? "", kind: kind)
            let change =
                entry.field == "stato"
                ? "\(stateLabel(old, pratica.type)) → \(stateLabel(new, pratica.type))"
                : old.isEmpty ? new : "\(old) → \(new)"
            return PraticaPage.HistoryView(
                at: Self.moment(entry.at), actor: entry.actor, action: Self.action(entry.action), field: field,
                change: change)
        }
    }

    /// `udienze[2].data` → `udienze.data`.
    private static func plainPath(_ path: String) -> String {
        path.replacing(/\[\d+\]/, with: "")
    }

    /// An audited value as the form shows it: Italian dates and amounts, option labels.
    private static func readable(_ text: String, kind: FieldKind?) -> String {
        switch kind {
        case .date?: return CalendarDate(parsing: text)?.italian ?? text
        case .money?: return Money(parsing: text).map { $0.italian + " €" } ?? text
        case .enumeration(let options)?: return options.label(for: text) ?? text
        default: return text
        }
    }

    private func stateLabel(_ id: String, _ type: PraticaType) -> String { id.isEmpty ? "—" : type.state(id)?.label ?? id }

    static func moment(_ timestamp: String) -> String {
        guard let date = CalendarDate(parsing: String(timestamp.prefix(10))) else { return timestamp }
        let time = timestamp.dropFirst(11).prefix(5)
        return "\(date.italian) \(time)"
    }

    private static func action(_ code: String) -> String {
        [
            "create": "Creazione", "update": "Modifica", "transition": "Cambio di stato", "protocol": "Protocollo",
            "share": "Condivisione", "unshare": "Fine condivisione", "upload": "Allegato caricato", "download": "Allegato scaricato",
            "delete": "Allegato eliminato", "show_debtor": "Allegato visibile al debitore", "hide_debtor": "Allegato nascosto al debitore",
            "token": "Codice di accesso generato", "token_regenerated": "Codice di accesso rigenerato",
            "dossier_open": "Accesso all'area riservata", "project_create": "Progetto creato", "project_update": "Progetto modificato",
            "project_delete": "Progetto eliminato",
        ][code] ?? code
    }
}
