/// An error from the datasets layer: a dataset that cannot be built, combined, written or read.
/// It names the dataset, map, file or key involved (`subject`) and says why.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The output exists and overwriting was not requested.
        case exists
        /// A file that is not a MapDataset file, or a datasets.yaml that does not describe datasets.
        case notADataset
        /// A dataset type other than MapDataset in datasets.yaml.
        case unsupported
        /// Maps or datasets that cannot be combined (different geometries, kinds of edisp, ...).
        case incompatible
        /// A map or value the operation needs is missing.
        case missing
        /// An argument that makes no sense (empty name, duplicate names, ...).
        case invalidArgument
    }

    public var kind: Kind
    public var subject: String
    public var message: String

    public init(_ kind: Kind, subject: String, message: String) {
        self.kind = kind
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}
