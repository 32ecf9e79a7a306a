/// The stored form of `CorpusSpace` and `Hubness`: little-endian numbers in a fixed order
/// after a magic and a format version, so a summary written by another version (or damaged)
/// is refused and computed again rather than misread. A corpus of 384 dimensions takes
/// about 60 KB (two quantile tables of 5,921 floats, the mean and four axes).
///
/// Space summaries of version 2 also record the rows the figures come from (a sample above
/// `CorpusSpace.rowLimit`); version 1, written before rows were sampled, always came from
/// every row and is still read as such.
public enum SpaceSummaryCodec {
    static let spaceMagicV1: UInt32 = 0x5350_4331  // "SPC1"
    static let spaceMagic: UInt32 = 0x5350_4332  // "SPC2"
    static let hubnessMagic: UInt32 = 0x4855_4231  // "HUB1"

    public static func encode(_ space: CorpusSpace) -> [UInt8] {
        var out = ByteWriter()
        out.u32(spaceMagic)
        out.int(space.items)
        out.int(space.analysedItems)
        out.bool(space.rowSeed != nil)
        out.u64(space.rowSeed ?? 0)
        out.int(space.dimension)
        out.string(space.scoring.rawValue)
        out.distribution(space.scores)
        out.distribution(space.centredScores)
        out.floats(space.centring.mean)
        out.bool(space.centring.normalizesFirst)
        out.bool(space.axes.normalizesFirst)
        out.int(space.axes.axes.count)
        for axis in space.axes.axes { out.floats(axis) }
        out.doubles(space.axes.explainedVarianceRatio)
        return out.bytes
    }

    public static func decodeSpace(_ bytes: [UInt8]) throws -> CorpusSpace {
        var input = ByteReader(bytes)
        let magic = try input.u32()
        guard magic == spaceMagic || magic == spaceMagicV1 else {
            throw SpaceAnalysisError.unreadableSummary(detail: "not a space summary of this version")
        }
        let items = try input.int()
        var analysed = items, rowSeed: UInt64? = nil
        if magic == spaceMagic {
            analysed = try input.int()
            let sampled = try input.bool()
            let seed = try input.u64()
            rowSeed = sampled ? seed : nil
            guard (0 ... max(0, items)).contains(analysed), sampled || analysed == items else {
                throw SpaceAnalysisError.unreadableSummary(detail: "\(analysed) analysed rows of \(items)")
            }
        }
        let dimension = try input.int()
        guard let scoring = PairScoring(rawValue: try input.string()) else {
            throw SpaceAnalysisError.unreadableSummary(detail: "unknown scoring")
        }
        let scores = try input.distribution(), centred = try input.distribution()
        let mean = try input.floats()
        let centringNormalizes = try input.bool(), axesNormalize = try input.bool()
        let axisCount = try input.int()
        guard (0 ... PrincipalAxes.keptAxes).contains(axisCount) else { throw SpaceAnalysisError.unreadableSummary(detail: "axis count") }
        var axes: [[Float]] = []
        for _ in 0 ..< axisCount { axes.append(try input.floats()) }
        let ratios = try input.doubles()
        guard input.isAtEnd, mean.count == dimension, axes.allSatisfy({ $0.count == dimension }) else {
            throw SpaceAnalysisError.unreadableSummary(detail: "inconsistent sizes")
        }
        return CorpusSpace(items: items, analysedItems: analysed, rowSeed: rowSeed, dimension: dimension, scoring: scoring,
                           scores: scores, centredScores: centred,
                           centring: CorpusCentring(mean: mean, normalizesFirst: centringNormalizes),
                           axes: PrincipalAxes(mean: mean, normalizesFirst: axesNormalize, axes: axes, explainedVarianceRatio: ratios))
    }

    public static func encode(_ hubness: Hubness) -> [UInt8] {
        var out = ByteWriter()
        out.u32(hubnessMagic)
        out.int(hubness.k)
        out.int(hubness.items)
        out.int(hubness.analysedItems)
        out.bool(hubness.seed != nil)
        out.u64(hubness.seed ?? 0)
        out.double(hubness.skewness)
        out.int(hubness.antihubs)
        out.int(hubness.hubs.count)
        for hub in hubness.hubs { out.int(hub.item); out.int(hub.count) }
        out.int(hubness.nearestPairs.count)
        for pair in hubness.nearestPairs { out.int(pair.first); out.int(pair.second); out.floats([pair.score]) }
        return out.bytes
    }

    public static func decodeHubness(_ bytes: [UInt8]) throws -> Hubness {
        var input = ByteReader(bytes)
        guard try input.u32() == hubnessMagic else { throw SpaceAnalysisError.unreadableSummary(detail: "not a hubness summary of this version") }
        let k = try input.int(), items = try input.int(), analysed = try input.int()
        let sampled = try input.bool()
        let seed = try input.u64()
        let skewness = try input.double(), antihubs = try input.int()
        let hubCount = try input.int()
        guard (0 ... Hubness.reported).contains(hubCount) else { throw SpaceAnalysisError.unreadableSummary(detail: "hub count") }
        var hubs: [Hubness.Hub] = []
        for _ in 0 ..< hubCount { hubs.append(Hubness.Hub(item: try input.int(), count: try input.int())) }
        let pairCount = try input.int()
        guard (0 ... Hubness.reported).contains(pairCount) else { throw SpaceAnalysisError.unreadableSummary(detail: "pair count") }
        var pairs: [Hubness.Pair] = []
        for _ in 0 ..< pairCount {
            let first = try input.int(), second = try input.int()
            let score = try input.floats()
            guard score.count == 1 else { throw SpaceAnalysisError.unreadableSummary(detail: "pair score") }
            pairs.append(Hubness.Pair(first: first, second: second, score: score[0]))
        }
        guard input.isAtEnd else { throw SpaceAnalysisError.unreadableSummary(detail: "trailing bytes") }
        return Hubness(k: k, items: items, analysedItems: analysed, seed: sampled ? seed : nil, skewness: skewness,
                       hubs: hubs, antihubs: antihubs, nearestPairs: pairs)
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func int(_ value: Int) { u64(UInt64(bitPattern: Int64(value))) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func double(_ value: Double) { u64(value.bitPattern) }
    mutating func floats(_ values: [Float]) {
        int(values.count)
        for value in values { u32(value.bitPattern) }
    }
    mutating func doubles(_ values: [Double]) {
        int(values.count)
        for value in values { double(value) }
    }
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes += utf8
    }
    mutating func distribution(_ d: ScoreDistribution) {
        int(d.pairs)
        int(d.totalPairs)
        bool(d.seed != nil)
        u64(d.seed ?? 0)
        double(d.mean)
        double(d.minimum)
        double(d.maximum)
        floats(d.quantiles)
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw SpaceAnalysisError.unreadableSummary(detail: "truncated") }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    mutating func u32() throws -> UInt32 { try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    mutating func u64() throws -> UInt64 { try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) } }
    mutating func int() throws -> Int { Int(truncatingIfNeeded: Int64(bitPattern: try u64())) }
    mutating func bool() throws -> Bool { try take(1).first == 1 }
    mutating func double() throws -> Double { Double(bitPattern: try u64()) }
    mutating func count() throws -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw SpaceAnalysisError.unreadableSummary(detail: "bad length") }
        return count
    }
    mutating func floats() throws -> [Float] { try (0 ..< count()).map { _ in Float(bitPattern: try u32()) } }
    mutating func doubles() throws -> [Double] { try (0 ..< count()).map { _ in try double() } }
    mutating func string() throws -> String { String(decoding: try take(try count()), as: UTF8.self) }
    mutating func distribution() throws -> ScoreDistribution {
        let pairs = try int(), total = try int()
        let sampled = try bool()
        let seed = try u64()
        let mean = try double(), minimum = try double(), maximum = try double()
        let quantiles = try floats()
        guard quantiles.isEmpty || quantiles.count == ScoreDistribution.fractions.count else {
            throw SpaceAnalysisError.unreadableSummary(detail: "quantile table of \(quantiles.count) values")
        }
        return ScoreDistribution(pairs: pairs, totalPairs: total, seed: sampled ? seed : nil, mean: mean, minimum: minimum,
                                 maximum: maximum, quantiles: quantiles)
    }
}
