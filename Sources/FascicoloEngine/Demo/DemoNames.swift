/// Common Italian names for synthetic demo data (no real person is described).
enum DemoNames {
    static let surnames = [
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
        "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
        "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale",
        "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti", "Parisi", "Villa", "Conte", "Ferraro", "Ferri",
        "Fabbri", "Bianco", "Marini", "Grasso", "Valentini", "Messina", "Sala", "De Angelis", "Gatti", "Pellegrini", "Palumbo",
        "Sanna", "Farina", "Rizzi", "Monti", "Cattaneo", "Morelli", "Amato", "Silvestri", "Mazza", "Testa", "Grassi",
    ]
    /// Stems and endings of the rarer surnames: combined, they give over a thousand plausible
    /// ones (Bertolini, Zanetti, Gualtieri…), so that each is shared by few people, as in an office.
    static let stems = [
        "Bert", "Zan", "Gualt", "Pell", "Rond", "Tost", "Vann", "Bald", "Cald", "Fior", "Gherard", "Lan", "Nard", "Orl", "Pag",
        "Sart", "Tamb", "Ugol", "Vigan", "Zamb", "Bocc", "Cav", "Dond", "Ferr", "Gasp", "Lucch", "Mant", "Negr", "Pass", "Quint",
        "Ramp", "Sacc", "Tond", "Venturin", "Albert", "Bellin", "Capr", "Dall", "Franc", "Ghirl", "Iann", "Marches", "Nicol",
        "Pascal", "Ruggier", "Spin", "Tagliab", "Vill", "Zucch", "Bracc", "Carl", "Del Grand", "Fabr", "Guid", "Lorenz", "Mon",
        "Oliv", "Pin", "Salv", "Torr",
    ]
    static let endings = [
        "ini", "etti", "ello", "elli", "oni", "ucci", "azzi", "otti", "ato", "esi", "ani", "ieri", "one", "acci", "ucchi",
        "olini", "ardi", "etto", "uzzi",
    ]

    /// A surname as people are met in an office: a common one about one time in thirty, the
    /// commonest (Rossi) about one person in three hundred as in Italy, else one of the rarer ones.
    static func surname(_ random: inout SeededRandom) -> String {
        guard random.chance(3) else { return random.pick(stems) + random.pick(endings) }
        // Rank r of the common list with weight 1/√r: draw u in [0, 2√n) and take r = ⌈(u/2)²⌉.
        let scale = 1_000_000
        let u = Double(random.int(0...(2 * scale))) / Double(scale) * Double(surnames.count).squareRoot()
        let rank = min(surnames.count, max(1, Int(((u / 2) * (u / 2)).rounded(.up))))
        return surnames[rank - 1]
    }

    static let male = [
        "Marco", "Giuseppe", "Antonio", "Giovanni", "Mario", "Luigi", "Francesco", "Paolo", "Andrea", "Alessandro", "Roberto",
        "Stefano", "Luca", "Giorgio", "Salvatore", "Vincenzo", "Claudio", "Massimo", "Fabio", "Davide", "Matteo", "Simone",
    ]
    static let female = [
        "Maria", "Anna", "Giuseppina", "Rosa", "Angela", "Giovanna", "Teresa", "Lucia", "Carmela", "Francesca", "Laura",
        "Paola", "Sara", "Elena", "Chiara", "Giulia", "Federica", "Silvia", "Valentina", "Roberta", "Alessandra", "Marta",
    ]
    static let hearingDescriptions = [
        "Prima udienza", "Comparizione delle parti", "Udienza di omologazione", "Udienza di rinvio",
        "Verifica dello stato passivo", "Udienza per il voto dei creditori",
    ]
    static let deadlineDescriptions = [
        "Deposito integrazione documentale", "Termine per le osservazioni dei creditori",
        "Relazione particolareggiata", "Invio proposta ai creditori", "Pagamento acconto",
        "Scadenza rata del piano", "Deposito relazione finale",
    ]
}
