import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { liquid } from '@codemirror/lang-liquid';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/** A problem at a 1-based line and column, as the server reports a template's. */
export interface EditorProblem {
  line: number;
  column: number;
  message: string;
}

export interface LiquidEditor {
  setValue(value: string): void;
  showProblem(problem: EditorProblem | undefined): void;
  destroy(): void;
}

/**
 * CodeMirror 6 with Liquid highlighting, in its own module so the page imports it lazily: the editor is most
 * of the template page's script, and no other page needs it.
 */
export function createLiquidEditor(
  parent: HTMLElement,
  options: { value: string; labelledBy: string; onChange: (value: string) => void },
): LiquidEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.value,
      extensions: [
        // Not codemirror's basicSetup: its auto-closed brackets and completions fight typing `{{ }}` by hand.
        lineNumbers(),
        history(),
        highlightActiveLine(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        liquid(),
        lintGutter(),
        // The server's preview is the linter; this only makes room for its diagnostics.
        linter(null),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-labelledby': options.labelledBy }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    setValue(value) {
      if (value === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    showProblem(problem) {
      const diagnostics: Diagnostic[] = [];
      if (problem) {
        const doc = view.state.doc;
        const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
        const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
        diagnostics.push({ from, to: Math.max(from, line.to), severity: 'error', message: problem.message });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    destroy: () => view.destroy(),
  };
}
