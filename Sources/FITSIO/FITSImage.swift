import CFITSIO

/// An image HDU's data: dimensions in FITS order (NAXIS1, the fastest, first) and values in
/// file order, which is numpy's C order of the reversed shape.
public struct FITSImage<T: FITSElement>: Sendable {
    public var shape: [Int]
    public var data: [T]

    public init(shape: [Int], data: [T]) {
        self.shape = shape
        self.data = data
    }
}

extension FITSFile {
    /// Reads an image HDU's data, converted to `T` (BSCALE/BZERO applied).
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Int64)
    @_specialize(exported: true, where T == Int32)
    @_specialize(exported: true, where T == Int16)
    @_specialize(exported: true, where T == UInt8)
    public func image<T: FITSElement>(_ hdu: FITSHDU, as type: T.Type = T.self) throws -> FITSImage<T> {
        guard hdu.kind == .image else {
            throw FITSError(.invalidColumn, file: path, hdu: hdu.name, message: "HDU is not an image")
        }
        let shape = hdu.imageShape
        var count = shape.isEmpty ? 0 : 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard n >= 0, !overflow, product <= elementLimit else {
                throw FITSError(.invalidKeyword, file: path, hdu: hdu.name, key: "NAXIS",
                                message: "image dimensions \(shape) announce more data than the file holds")
            }
            count = product
        }
        var data = [T](repeating: 0, count: count)
        if count > 0 {
            try withHDU(hdu) { fptr throws in
                try data.withUnsafeMutableBytes { out throws in
                    try CFITSIOStatus.check(file: path, hdu: hdu.name, doing: "reading the image") {
                        var anyNull: Int32 = 0
                        ffgpv(fptr, T.fitsDataType, 1, Int64(count), nil, out.baseAddress, &anyNull, &$0)
                    }
                }
            }
        }
        return FITSImage(shape: shape, data: data)
    }

    /// Reads the image HDU with this EXTNAME.
    public func image<T: FITSElement>(named name: String, as type: T.Type = T.self) throws -> FITSImage<T> {
        try image(hdu(named: name), as: type)
    }
}
