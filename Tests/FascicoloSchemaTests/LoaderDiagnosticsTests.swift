import FascicoloCore
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// Loads `Tests/Fixtures/broken-types/<name>` (a project root) the way `fascicolo check` does.
private func load(_ name: String) -> TypeLoader.Result {
    TypeLoader.load(root: TestPaths.fixture("broken-types/\(name)"), directory: "types")
}

/// Every diagnostic of the case, verbatim and in order; the case's only type must not load.
private func expectDiagnostics(_ name: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let result = load(name)
    #expect(result.diagnostics.map(\.description) == expected, sourceLocation: sourceLocation)
    #expect(result.diagnostics.allSatisfy { $0.severity == .error }, sourceLocation: sourceLocation)
    #expect(result.types.map(\.id) == [], "a type with an error must never be loaded", sourceLocation: sourceLocation)
}

/// One broken file per loader error: the exact `file:line:column: error: message` a user reads.
@Suite struct LoaderDiagnosticsTests {
    @Test func yamlSyntaxErrorIsReportedWithItsPosition() {
        expectDiagnostics(
            "yaml-syntax",
            [
                "types/sintassi.yaml:4:1: error: YAML syntax: found character that cannot start any token while scanning for the next token"
            ])
    }

    @Test func emptyFile() {
        expectDiagnostics("empty-file", ["types/vuoto.yaml: error: the file is empty"])
    }

    @Test func unknownTopLevelKeySuggestsTheClosest() {
        expectDiagnostics("unknown-top-key", ["types/chiave.yaml:3:1: error: unknown key 'lable' in the type; did you mean 'label'?"])
    }

    @Test func unknownFieldKeySuggestsTheClosest() {
        expectDiagnostics("unknown-field-key", ["types/campo.yaml:8:9: error: unknown key 'lable' in a field; did you mean 'label'?"])
    }

    @Test func missingTypeId() {
        expectDiagnostics("missing-id", ["types/senza-id.yaml:2:1: error: missing required key 'id'"])
    }

    @Test func typeIdMustMatchTheFileName() {
        expectDiagnostics(
            "id-mismatch",
            [
                "types/sportello.yaml:2:5: error: type id 'sportello-informativo' must match the file name 'sportello.yaml'"
            ])
    }

    @Test func unknownFieldTypeSuggestsTheClosest() {
        expectDiagnostics("unknown-field-type", ["types/tipo.yaml:7:15: error: unknown field type 'dat'; did you mean 'date'?"])
    }

    @Test func duplicateFieldIdAcrossSections() {
        expectDiagnostics(
            "duplicate-field-id",
            [
                "types/doppio-campo.yaml:10:13: error: duplicate field id 'note' (first declared at line 6)"
            ])
    }

    @Test func duplicateSectionId() {
        expectDiagnostics(
            "duplicate-section-id",
            [
                "types/doppia-sezione.yaml:8:9: error: duplicate section id 'principale' (first declared at line 4)"
            ])
    }

    @Test func duplicateStateId() {
        expectDiagnostics(
            "duplicate-state-id",
            [
                "types/doppio-stato.yaml:13:9: error: duplicate state id 'aperta' (first declared at line 9)"
            ])
    }

    @Test func duplicateEnumOption() {
        expectDiagnostics("duplicate-enum-option", ["types/doppia-opzione.yaml:13:13: error: duplicate option 'pos' (first at line 11)"])
    }

    @Test func enumWithNeitherOptionsNorOptionsFrom() {
        expectDiagnostics("enum-without-options", ["types/enum-vuoto.yaml:6:9: error: an enum field needs 'options' or 'options_from'"])
    }

    @Test func enumWithBothOptionsAndOptionsFrom() {
        expectDiagnostics(
            "enum-both-options",
            [
                "types/enum-doppio.yaml:9:9: error: use either 'options' or 'options_from', not both"
            ])
    }

    @Test func optionsFromAMissingFile() {
        expectDiagnostics("options-file-missing", ["types/opzioni-file.yaml:8:23: error: options file 'data/tribunale.csv' not found"])
    }

    @Test func optionsFromAMissingColumn() {
        expectDiagnostics(
            "options-column-missing",
            [
                "types/opzioni-colonna.yaml:9:23: error: column 'codice_ufficio' not found in data/uffici.csv; columns: codice, nome"
            ])
    }

    @Test func transitionToAnUnknownState() {
        expectDiagnostics("transition-unknown-to", ["types/transizione-verso.yaml:15:9: error: transition names unknown state 'chiusa'"])
    }

    @Test func transitionFromAnUnknownState() {
        expectDiagnostics("transition-unknown-from", ["types/transizione-da.yaml:14:20: error: transition names unknown state 'sospesa'"])
    }

    @Test func noInitialState() {
        expectDiagnostics(
            "no-initial-state",
            [
                "types/senza-iniziale.yaml:9:3: error: no state is marked 'initial: true'; a new pratica needs a state to start in"
            ])
    }

    /// `states: []` has no initial state either; a type without states would leave the engine
    /// nothing to create a pratica in.
    @Test func emptyListOfStates() {
        expectDiagnostics(
            "empty-states",
            [
                "types/senza-stati.yaml:8:9: error: a type needs at least one state, marked 'initial: true'"
            ])
    }

    @Test func groupMinGreaterThanMax() {
        expectDiagnostics("group-min-max", ["types/gruppo-limiti.yaml:8:14: error: group 'min' (3) is greater than 'max' (2)"])
    }

    @Test func nestedGroup() {
        expectDiagnostics("nested-group", ["types/gruppo-annidato.yaml:12:19: error: groups cannot be nested"])
    }

    @Test func twoProtocolFields() {
        expectDiagnostics(
            "two-protocols",
            [
                "types/due-protocolli.yaml:13:15: error: a type has at most one protocol field (the first is at line 7)"
            ])
    }

    @Test func protocolInsideAGroup() {
        expectDiagnostics("protocol-in-group", ["types/protocollo-gruppo.yaml:10:19: error: a protocol field cannot be inside a group"])
    }

    @Test func defaultThatDoesNotFitTheType() {
        expectDiagnostics("bad-default", ["types/default-errato.yaml:8:18: error: default value does not fit field type 'money'"])
    }

    @Test func builtInFieldDeclared() {
        expectDiagnostics(
            "builtin-declared",
            [
                "types/builtin.yaml:6:13: error: 'stato' is a built-in field of every pratica and cannot be declared"
            ])
    }

    @Test func unknownContactRole() {
        expectDiagnostics(
            "unknown-contact-role",
            [
                "types/ruolo.yaml:8:15: error: unknown contact role 'giudice'; expected one of: debitore, avvocato, consulente, gestore, creditore, altro"
            ])
    }

    @Test func listNamingAnUnknownSubField() {
        expectDiagnostics("list-unknown-field", ["types/lista.yaml:18:20: error: list names unknown field 'gestori.nome'"])
    }

    @Test func flagsMustBeTrueOrFalse() {
        expectDiagnostics(
            "bool-not-flag",
            [
                "types/flag.yaml:8:17: error: 'filter' must be true or false",
                "types/flag.yaml:11:17: error: 'column' must be true or false",
            ])
    }
}

/// Loading as a whole: every error of every file in one run, and the good types still load.
@Suite struct LoaderRunTests {
    @Test func everyErrorOfOneFileIsReportedInOneRun() {
        expectDiagnostics(
            "many-errors",
            [
                "types/molti-errori.yaml:7:15: error: unknown field type 'dat'; did you mean 'date'?",
                "types/molti-errori.yaml:10:9: error: unknown key 'lable' in a field; did you mean 'label'?",
                "types/molti-errori.yaml:13:18: error: default value does not fit field type 'money'",
                "types/molti-errori.yaml:15:3: error: no state is marked 'initial: true'; a new pratica needs a state to start in",
                "types/molti-errori.yaml:20:9: error: transition names unknown state 'chiusa'",
            ])
    }

    @Test func errorsInTwoFilesAreBothReported() {
        let result = load("two-bad-files")
        #expect(
            result.diagnostics.map(\.description) == [
                "types/alfa.yaml:7:15: error: unknown field type 'dat'; did you mean 'date'?",
                "types/beta.yaml:11:9: error: duplicate state id 'aperta' (first declared at line 9)",
            ])
    }

    @Test func aBrokenTypeIsLeftOutWhileAGoodSiblingLoads() throws {
        let result = load("two-bad-files")
        #expect(result.types.map(\.id) == ["gamma"])
        let gamma = try #require(result.types.first)
        #expect(gamma.label == "Gamma")
        #expect(gamma.file == "types/gamma.yaml")
        #expect(gamma.fields.map(\.id) == ["data"])
        #expect(gamma.states.map(\.id) == ["aperta", "conclusa"])
        #expect(gamma.transitions(from: "aperta").map(\.to) == ["conclusa"])
        #expect(gamma.list.columns == ["data"])
    }

    @Test func aFolderWithoutTypeFilesIsReported() {
        let result = TypeLoader.load(root: TestPaths.fixture("broken-types/options-column-missing"), directory: "data")
        #expect(result.diagnostics.map(\.description) == ["data: error: no type files (*.yaml) found"])
        #expect(result.types.isEmpty)
    }
}

@Suite struct FieldAccessTests {
    @Test func accessNamesSharedAccountsAndALevel() {
        expectDiagnostics(
            "bad-access",
            [
                "types/accesso.yaml:8:26: error: access for 'shared' must be 'hidden', 'view' or 'edit'",
                "types/accesso.yaml:12:11: error: unknown key 'gestori' in access; expected one of: shared, debtor",
            ])
    }

    @Test func theShippedTypeOpensTheGestoreFieldsToSharedAccounts() throws {
        let crisi = try #require(TypeLoader.load(root: TestPaths.repoRoot).types.first { $0.id == "crisi-sovraindebitamento" })
        let gestori = try #require(crisi.field("gestori")?.kind.group)
        #expect(
            gestori.fields.filter(\.sharedEdit).map(\.id) == [
                "data_accettazione", "data_consegna_elaborato", "fattura_numero",
                "fattura_data", "fattura_importo",
            ])
        #expect(crisi.field("udienze")?.sharedEdit == true)
        #expect(crisi.field("note")?.sharedEdit == false)
        #expect(crisi.hasSharedEdits)
    }
}
