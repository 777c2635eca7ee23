import Testing
@testable import Datasets

/// String scalars as PyYAML writes them in datasets.yaml and models.yaml. Expected texts from
/// the reference venv (PyYAML with gammapy 2.1):
/// `python -c "import yaml; print(yaml.dump({'a': s}, default_flow_style=False))"`.
@Suite struct YAMLScalarTests {
    @Test(arguments: [
        ("ok", "ok"), ("23592", "'23592'"), (".5", "'.5'"), ("._5", "._5"), ("true", "'true'"),
        ("é", #""\xE9""#), ("a\u{7f}", #""a\x7F""#), ("x\u{2028}", #""x\L""#), ("\u{0}", #""\0""#),
    ])
    func rendersAsPyYAML(text: String, yaml: String) {
        #expect(YAMLScalar.render(text) == yaml)
    }
}
