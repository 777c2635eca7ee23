import Foundation

/// Reading the YAML file of a configuration, with errors that say what the path is instead of
/// Foundation's ("The operation could not be completed").
enum ConfigFile {
    static func text(at path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigError(file: path, key: "", "cannot read the configuration file: \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw ConfigError(file: path, key: "", "is a directory, not a configuration file")
        case S_IFREG: break
        case S_IFCHR where path == "/dev/null": throw ConfigError(file: path, key: "", "the configuration is empty")
        default: throw ConfigError(file: path, key: "", "is not a regular file; give the path of a YAML configuration file")
        }
        // A configuration is a few kB; a huge file is a wrong path, not a config.
        guard info.st_size <= 16 << 20 else {
            throw ConfigError(file: path, key: "", "is \(info.st_size >> 20) MB, too large for a configuration file (is it the right path?)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(file: path, key: "", "cannot read the configuration file: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data = (try? handle.readToEnd()) ?? Data()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", "is not UTF-8 text; give the path of a YAML configuration file")
        }
        return text
    }
}
