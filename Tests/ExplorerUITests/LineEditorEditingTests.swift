import ExplorerUI
import Testing

@Suite struct LineEditorEditingTests {
    @Test func insertMoveAndDelete() {
        var editor = LineEditor()
        editor.insert("helo")
        editor.moveLeft()
        editor.insert("l")
        #expect(editor.text == "hello" && editor.cursor == 4)
        editor.moveToStart()
        editor.deleteForward()
        #expect(editor.text == "ello" && editor.cursor == 0)
        editor.deleteBackward()  // nothing before the cursor
        #expect(editor.text == "ello")
        editor.moveToEnd()
        editor.deleteBackward()
        #expect(editor.text == "ell" && editor.cursor == 3)
    }

    @Test func cursorMovesByWholeCharacters() {
        var editor = LineEditor(text: "né日🙂")
        #expect(editor.cursor == 4)
        editor.moveLeft()
        editor.deleteBackward()
        #expect(editor.text == "né🙂")
        editor.moveLeft()
        editor.deleteForward()
        #expect(editor.text == "n🙂")
    }

    @Test func combiningMarkJoinsThePreviousCharacter() {
        var editor = LineEditor(text: "cafe")
        editor.insert("\u{301}")
        #expect(editor.characters.count == 4)
        #expect(editor.text == "cafe\u{301}")
        #expect(editor.cursor == 4)
    }

    @Test func ctrlWDeletesTheWordBeforeAndCtrlUToTheStart() {
        var editor = LineEditor(text: "the quick  brown fox")
        editor.deleteWordBackward()
        #expect(editor.text == "the quick  brown ")
        editor.deleteWordBackward()
        #expect(editor.text == "the quick  ")
        editor.moveLeft()
        editor.moveLeft()
        editor.moveLeft()
        editor.deleteToStart()
        #expect(editor.text == "k  " && editor.cursor == 0)
        editor.moveRight()
        editor.deleteToEnd()
        #expect(editor.text == "k")
    }

    @Test func wordMoves() {
        var editor = LineEditor(text: "one two three")
        editor.moveWordLeft()
        #expect(editor.cursor == 8)
        editor.moveWordLeft()
        #expect(editor.cursor == 4)
        editor.moveWordRight()
        #expect(editor.cursor == 7)
    }

    @Test func pastedLineBreaksAndControlsAreCleaned() {
        var editor = LineEditor()
        editor.insert("a\nb\r\nc\td\u{7}e")
        #expect(editor.text == "a b c de")
    }

    @Test func longPasteIsCutAtTheLimit() {
        var editor = LineEditor()
        let fits = editor.insert(String(repeating: "x", count: LineEditor.maximumLength + 10))
        #expect(!fits)
        #expect(editor.characters.count == LineEditor.maximumLength)
        let fitsAgain = editor.insert("y")
        #expect(!fitsAgain)
    }

    @Test func historyBrowsesOlderAndBackToTheDraft() {
        var history = InputHistory()
        history.record("first")
        history.record("second")
        history.record("second")
        history.record("")
        #expect(history.entries == ["first", "second"])
        var seen: [String?] = []
        seen.append(history.older(current: "draft"))
        seen.append(history.older(current: "ignored"))
        seen.append(history.older(current: "ignored"))
        seen.append(history.newer())
        seen.append(history.newer())
        seen.append(history.newer())
        #expect(seen == ["second", "first", nil, "second", "draft", nil])
    }
}
