import FascicoloCore
import Testing

@Suite struct CSVTableTests {
    @Test func readsHeaderRowsColumnsAndRecords() throws {
        let table = try CSVTable(text: "codice,nome\nH501,Roma\nF205,Milano\n")
        #expect(table.header == ["codice", "nome"])
        #expect(table.rows == [["H501", "Roma"], ["F205", "Milano"]])
        #expect(table.column("nome") == 1)
        #expect(table.column("cap") == nil)
        #expect(table.records() == [["codice": "H501", "nome": "Roma"], ["codice": "F205", "nome": "Milano"]])
    }

    @Test func quotedFieldsWithEscapedQuotesAndCommas() throws {
        let table = try CSVTable(text: "a,b,c\n\"Reggio nell'Emilia, RE\",\"detto \"\"il Tricolore\"\"\",\"\"\n")
        #expect(table.rows == [["Reggio nell'Emilia, RE", "detto \"il Tricolore\"", ""]])
    }

    @Test func quotedFieldsWithEmbeddedNewlines() throws {
        let table = try CSVTable(text: "id,note\n1,\"prima riga\nseconda riga\r\nterza\"\n2,fine")
        #expect(table.rows == [["1", "prima riga\nseconda riga\r\nterza"], ["2", "fine"]])
    }

    @Test func crlfLineEndsAndEmptyCells() throws {
        let table = try CSVTable(text: "a,b,c\r\n1,,3\r\n,,\r\n4,5,\r\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "", "3"], ["", "", ""], ["4", "5", ""]])
    }

    @Test func skipsByteOrderMarkAndEmptyLines() throws {
        let table = try CSVTable(text: "\u{FEFF}città,sigla\n\nRoma,RM\n\n\nMilano,MI\n\n")
        #expect(table.header == ["città", "sigla"])
        #expect(table.column("città") == 0)
        #expect(table.rows == [["Roma", "RM"], ["Milano", "MI"]])
    }

    @Test func lastRowWithoutLineEndAndTrailingComma() throws {
        let table = try CSVTable(text: "a,b\n1,")
        #expect(table.rows == [["1", ""]])
    }

    @Test func emptyTextHasNoHeader() throws {
        let table = try CSVTable(text: "")
        #expect(table.header.isEmpty && table.rows.isEmpty)
    }

    @Test func unterminatedQuoteReportsTheLineWhereItOpened() {
        #expect(throws: CSVError(line: 3, reason: .unterminatedQuote)) {
            try CSVTable(text: "a,b\n1,2\n3,\"aperta\n4,5\n")
        }
    }

    @Test func wrongColumnCountReportsTheRowLine() {
        #expect(throws: CSVError(line: 5, reason: .columnCount(expected: 2, found: 3))) {
            try CSVTable(text: "a,b\n1,\"due\nrighe\"\n\n1,2,3\n")
        }
        #expect(throws: CSVError(line: 2, reason: .columnCount(expected: 2, found: 1))) {
            try CSVTable(text: "a,b\r\nsolo\r\n")
        }
    }

    @Test func errorMessagesNameTheLine() {
        #expect(CSVError(line: 7, reason: .unterminatedQuote).description == "riga 7: virgolette aperte e mai chiuse")
        #expect(CSVError(line: 4, reason: .columnCount(expected: 8, found: 9)).description == "riga 4: 9 colonne invece di 8")
    }
}
