/// The Italian wording shared by several parts of Fascicolo, in one place so that it is reviewed
/// and kept the same everywhere: field checks, request errors, the executor's answers.
/// A message used in one place only, or built around a value (a field name, a number), stays
/// beside the code that decides it (see the closing note of issue 22 for why).
public enum Wording {
    // MARK: Forms and fields

    public static let required = "campo obbligatorio"
    public static let textExpected = "testo atteso"
    public static let controlCharacters = "il testo contiene caratteri di controllo non ammessi"
    public static let integerExpected = "atteso un numero intero"
    public static let invalidNumber = "numero non valido"
    public static let invalidDate = "data non valida: scrivere gg/mm/aaaa"
    public static let negativeAmount = "l'importo non può essere negativo"
    public static let invalidEmail = "indirizzo email non valido"
    public static let invalidPEC = "indirizzo PEC non valido"
    public static let invalidPhone = "numero di telefono non valido"
    public static let controlCharacter = "carattere di controllo nel testo"
    public static let valueNotAllowed = "valore non ammesso"
    public static let valueNotRecognised = "valore non riconosciuto"
    public static let invalidFieldPath = "percorso di campo non valido"
    public static let invalidContactKind = "tipo di contatto non valido: fisica o giuridica"
    public static let accountCodeDigits = "il codice account ha 6 cifre"

    // MARK: Requests and pages

    public static let formExpired = "Modulo scaduto: riprovare."
    public static let formExpiredReload = "modulo scaduto o non valido: ricaricare la pagina e riprovare"
    public static let tooManyFormFields = "troppi campi nel modulo"
    public static let pageNotFound = "pagina inesistente"
    public static let internalError = "errore interno: l'operazione non è stata eseguita"
    public static let userDisabled = "utente disabilitato"
    public static let accessCodeNotGenerated = "codice di accesso (non ancora generato)"
    public static let chooseDocx = "scegliere un file .docx"
    public static let templateTooLarge = "il modello supera i 5 MB"

    // MARK: Running work

    /// Every worker that could run the operation is busy (503 with Retry-After).
    public static let busy = "server occupato: troppe richieste in corso, riprovare tra qualche secondo"
    /// The operation ran out of time or its client went away (504).
    public static let timedOut = "tempo scaduto: l'operazione è stata interrotta e nulla è stato modificato"
}
