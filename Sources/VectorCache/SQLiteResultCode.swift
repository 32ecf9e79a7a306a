/// The primary result codes semblance reacts to, by name, so that only the files that call
/// SQLite import its C module (sqlite3.h's values, fixed by SQLite's compatibility promise;
/// a test checks them against the header).
public enum SQLiteResultCode {
    public static let busy: Int32 = 5
    public static let readOnly: Int32 = 8
    public static let corrupt: Int32 = 11
    public static let cannotOpen: Int32 = 14
    public static let constraint: Int32 = 19
    public static let notADatabase: Int32 = 26
}
