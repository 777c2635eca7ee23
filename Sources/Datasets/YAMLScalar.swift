import Foundation

/// Scalars as PyYAML's `yaml.dump` writes them (block style, `default_flow_style=False`), so that
/// a datasets.yaml GammaKit writes is byte for byte what Gammapy would write and its `checksum`
/// verifies: plain when the text cannot be read back as anything but this string, otherwise
/// single-quoted (`'23592'`, `'2026-11-26T15:32:14.525017'`), double-quoted with escapes when it
/// holds characters outside printable ASCII.
package enum YAMLScalar {
    /// PyYAML's implicit resolvers (YAML 1.1): a plain scalar matching one would not read back
    /// as a string.
    private static let implicit: [NSRegularExpression] = [
        #"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"#,
        #"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"#,
        #"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#,
        #"^(?:~|null|Null|NULL)$"#,
        #"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"#,
        #"^(?:<<)$"#,
        #"^(?:=)$"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    package static func render(_ text: String) -> String {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7e }) { return doubleQuoted(text) }
        return isPlainSafe(text) ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func isPlainSafe(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        let range = NSRange(text.startIndex..., in: text)
        if implicit.contains(where: { $0.firstMatch(in: text, range: range) != nil }) { return false }
        let chars = Array(text)
        if chars.first == " " || chars.last == " " { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        for (i, c) in chars.enumerated() {
            let followedBySpace = i + 1 == chars.count || chars[i + 1] == " "
            if i == 0 {
                if "#,[]{}&*!|>'\"%@`".contains(c) { return false }
                if "?:-".contains(c) && followedBySpace { return false }
            } else {
                if c == ":" && followedBySpace { return false }
                if c == "#" && chars[i - 1] == " " { return false }
            }
        }
        return true
    }

    /// PyYAML's `write_double_quoted` with `allow_unicode=False`: its short escapes, then
    /// `\xXX` up to U+00FF, `\uXXXX`, `\UXXXXXXXX`.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if let short = shortEscapes[scalar.value] {
                out += "\\" + short
            } else if (0x20...0x7e).contains(scalar.value) {
                out.unicodeScalars.append(scalar)
            } else if scalar.value <= 0xff {
                out += String(format: "\\x%02X", scalar.value)
            } else if scalar.value <= 0xffff {
                out += String(format: "\\u%04X", scalar.value)
            } else {
                out += String(format: "\\U%08X", scalar.value)
            }
        }
        return out + "\""
    }

    /// PyYAML's `ESCAPE_REPLACEMENTS`.
    private static let shortEscapes: [UInt32: String] = [
        0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
        0x22: "\"", 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
    ]
}
