import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// A few pratiche of the other shipped types — "Banche ed Equitalia" and "Analisi finanziaria",
/// when the project has them — so that the demo shows several types in one office. They go
/// through the same preparation as any user's pratica, plugin hooks and computed fields included,
/// dated on the days before the first crisi pratica (so that creation order and dates agree and
/// the crisi pratiche stay the newest).
struct DemoOtherTypes {
    static let banche = "banche-equitalia"
    static let analisi = "analisi-finanziaria"

    let engine: Engine
    let actor: Actor
    /// The day before the demo's first crisi pratica: these are presented on the days up to it.
    let lastDay: CalendarDate

    /// How many of each for a demo of `crisi` pratiche: one in fifty, from 3 to 50.
    static func count(besides crisi: Int) -> Int { min(50, max(3, crisi / 50)) }

    /// Creates `count` pratiche of each type the project has, for the given debtors; returns how many.
    func generate(count: Int, debtors: [Int64], random: inout SeededRandom) throws -> Int {
        guard !debtors.isEmpty else { return 0 }
        var made = 0
        let parties = engine.project.type(Self.banche) == nil ? [] : try counterparts()
        for index in 0..<(2 * count) {
            let day = lastDay.adding(days: index - 2 * count + 1)
            var fields: [String: Value]
            let type: String
            if index % 2 == 0, !parties.isEmpty {
                (type, fields) = (Self.banche, banca(random.pick(debtors), parties, day, &random))
                fields["data_richiesta"] = .date(day)
            } else if index % 2 == 1, engine.project.type(Self.analisi) != nil {
                (type, fields) = (Self.analisi, analisi(random.pick(debtors), day, &random))
                fields["data_analisi"] = .date(day)
            } else {
                continue
            }
            fields["anno"] = .integer(Int64(day.year))
            let stamp = DemoDrafts.timestamp(day, &random)
            try engine.writing { writer in
                let draft = try engine.prepare(NewPratica(type: type, fields: fields, numbered: true), actor: actor, reader: writer.reader, at: stamp)
                _ = try engine.insert(draft, writer: writer)
            }
            made += 1
        }
        return made
    }

    /// Invented banks and the national collection agency, as organisations in the anagrafica.
    private func counterparts() throws -> [Int64] {
        try [
            "Banca Dimostrativa del Centro S.p.A.", "Cassa di Risparmio di Esempio S.p.A.", "Credito Immaginario Cooperativo",
            "Agenzia delle Entrate-Riscossione",
        ].map { name in try engine.addContact(kind: .giuridica, attributes: ["denominazione": name], actor: actor).id }
    }

    private func banca(_ debtor: Int64, _ parties: [Int64], _ day: CalendarDate, _ random: inout SeededRandom) -> [String: Value] {
        let subject = random.pick(["esposizione_bancaria", "cartelle", "definizione_agevolata", "rateizzazione", "verifica_usura"])
        var rows: [Value] = []
        for index in 1...random.int(1...3) {
            let kind =
                subject == "cartelle" || subject == "definizione_agevolata" ? "cartella" : random.pick(["mutuo", "prestito", "conto_corrente"])
            rows.append(
                .record([
                    "tipo": .text(kind),
                    "numero": .text(kind == "cartella" ? "097 2024 \(random.int(10_000_000...99_999_999))" : "C-\(index)\(random.int(1000...9999))"),
                    "importo": .money(Money(cents: Int64(random.int(150_000...4_500_000)))),
                    "situazione": .text(random.pick(["in_essere", "insoluto", "contestato", "rateizzato"])),
                ]))
        }
        var fields: [String: Value] = [
            "richiedenti": .list([.record(["richiedente": .reference(debtor)])]), "oggetto": .text(subject),
            "controparte": .reference(random.pick(parties)), "rapporti": .list(rows),
        ]
        if subject == "rateizzazione" || subject == "definizione_agevolata" {
            let plan = subject == "rateizzazione" ? "ader_ordinaria" : "rottamazione"
            fields["piano_tipo"] = .text(plan)
            fields["importo_da_rateizzare"] = .money(Money(cents: Int64(random.int(300_000...3_000_000))))
            fields["numero_rate"] = .integer(Int64(plan == "rottamazione" ? random.int(6...18) : random.pick([24, 36, 48, 72])))
            fields["data_prima_rata"] = .date(day.adding(days: random.int(10...60)))
        }
        if subject == "verifica_usura" {
            let average = random.int(60_000...160_000)
            fields["verifica_categoria"] = .text(random.pick(["prestiti_personali", "credito_revolving", "aperture_credito_5000"]))
            fields["verifica_trimestre"] = .text("\(day.year - 1)-T\(random.int(1...4))")
            fields["tegm_indicato"] = .decimal(ExactDecimal(mantissa: Int128(average), scale: 4))
            fields["taeg_contratto"] = .decimal(ExactDecimal(mantissa: Int128(average + random.int(-20_000...120_000)), scale: 4))
        }
        return fields
    }

    private func analisi(_ debtor: Int64, _ day: CalendarDate, _ random: inout SeededRandom) -> [String: Value] {
        let year = day.year
        let income = random.int(1_400_000...4_200_000)
        let budget: [Value] = (1...random.int(2...3)).map { back in
            .record([
                "anno_riferimento": .integer(Int64(year - back)),
                "redditi": .money(Money(cents: Int64(income + random.int(-200_000...200_000)))),
                "spese": .money(Money(cents: Int64(income * random.int(60...95) / 100))),
            ])
        }
        return [
            "soggetti": .list([.record(["soggetto": .reference(debtor)])]), "componenti_nucleo": .integer(Int64(random.int(1...5))),
            "bilancio": .list(budget),
            "debiti": .list([
                .record(["descrizione": .text("Finanziamento"), "importo_residuo": .money(Money(cents: Int64(random.int(1_000_000...9_000_000))))])
            ]),
            "rata_proposta": .money(Money(cents: Int64(random.int(15_000...90_000)))), "durata_anni": .integer(Int64(random.int(3...7))),
        ]
    }
}
