// \(m) layer.
