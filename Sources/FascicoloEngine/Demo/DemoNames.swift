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
