import CSQLite
import Testing
import VectorCache

/// The named result codes are sqlite3.h's, so code that never imports the C module can
/// still tell a busy database from a corrupt one.
@Suite struct SQLiteResultCodeTests {
    @Test func namedCodesEqualTheHeadersConstants() {
        #expect(SQLiteResultCode.busy == SQLITE_BUSY)
        #expect(SQLiteResultCode.readOnly == SQLITE_READONLY)
        #expect(SQLiteResultCode.corrupt == SQLITE_CORRUPT)
        #expect(SQLiteResultCode.cannotOpen == SQLITE_CANTOPEN)
        #expect(SQLiteResultCode.constraint == SQLITE_CONSTRAINT)
        #expect(SQLiteResultCode.notADatabase == SQLITE_NOTADB)
    }
}
