// Vector arithmetic lives in its own leaf target so the explorer's UI (which must not depend
// on the model) computes cosines with the same definition as the CLI and the explanations.
@_exported import VectorArithmetic
