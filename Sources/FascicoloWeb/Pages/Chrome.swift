import FascicoloEngine

/// What every page's layout needs: the title, who is signed in, the CSRF token for the forms,
/// which menu entry is current, and a message to show at the top.
struct Chrome {
    enum Section { case pratiche, calendario, anagrafica, modelli, report, utenti }

    let title: String
    let userName: String?
    let roleLabel: String?
    let csrf: String?
    /// Whether the user may change data (buttons that write are hidden otherwise).
    let canWrite: Bool
    let onPratiche: Bool
    let onCalendario: Bool
    let onAnagrafica: Bool
    let onUtenti: Bool
    let onModelli: Bool
    let onReport: Bool
    /// Whether the user administers the account (the "Utenti" menu entry).
    let isAdmin: Bool
    var notice: String?
    var alert: String?

    init(title: String, identity: Identity?, section: Section? = nil, notice: String? = nil, alert: String? = nil) {
        self.title = title
        self.userName = identity?.user.name
        self.roleLabel = identity?.user.role.label
        self.csrf = identity?.csrfToken
        self.canWrite = identity?.user.role.canWrite ?? false
        self.onPratiche = section == .pratiche
        self.onCalendario = section == .calendario
        self.onAnagrafica = section == .anagrafica
        self.onUtenti = section == .utenti
        self.onModelli = section == .modelli
        self.onReport = section == .report
        self.isAdmin = identity?.user.role.may(.utenti) ?? false
        self.notice = notice
        self.alert = alert
    }
}

/// An `<option>` of a select.
struct OptionView {
    let value: String
    let label: String
    let selected: Bool
}
