namespace Skillgate.Platform.Localization;

/// <summary>
/// The words of a sector for the things every module names: what plays the plant, the workshop, the line, the operation, the
/// batch and the defect. Texts write them as tokens (<c>[[defect]]</c>, <c>[[Defect:pl]]</c>, <c>[[a:batch]]</c>) and
/// <see cref="Texts"/> fills in the organisation's words (issue 25), so a nurse reads 病例 and 不良事件 where a welder reads 批次
/// and 缺陷.
/// </summary>
internal static class SectorTerms
{
    public const string Manufacturing = "manufacturing";
    public const string Hospital = "hospital";
    public const string Custom = "custom";

    public static readonly TextVocabulary Sector = new("sector", Manufacturing, Hospital, Custom);

    public static readonly TextVocabulary SectorHelp = new("sector.help", Manufacturing, Hospital, Custom);

    /// <summary>The term codes, in the order the vocabulary page lists them.</summary>
    public static readonly IReadOnlyList<string> Codes =
        ["plant", "workshop", "line", "team", "operation", "work_centre", "batch", "defect", "production", "process", "product"];

    /// <summary>What each term stands for, in words of no sector.</summary>
    public static readonly TextVocabulary Concept = new("sector.term", [.. Codes]);

    public static readonly SectorWords ManufacturingWords = new(Manufacturing, new Dictionary<string, Term>
    {
        ["plant"] = new("工厂", "plant", "plants"),
        ["workshop"] = new("车间", "workshop", "workshops"),
        ["line"] = new("产线", "line", "lines"),
        ["team"] = new("班组", "team", "teams"),
        ["operation"] = new("工序", "operation", "operations"),
        ["work_centre"] = new("工作中心", "work centre", "work centres"),
        ["batch"] = new("批次", "batch", "batches"),
        ["defect"] = new("缺陷", "defect", "defects"),
        ["production"] = new("生产", "production", "production"),
        ["process"] = new("工艺", "process", "processes"),
        ["product"] = new("产品", "product", "products"),
    });

    public static readonly SectorWords HospitalWords = new(Hospital, new Dictionary<string, Term>
    {
        ["plant"] = new("医院", "hospital", "hospitals"),
        ["workshop"] = new("科室", "department", "departments"),
        ["line"] = new("病区", "ward", "wards"),
        ["team"] = new("诊疗组", "care team", "care teams"),
        ["operation"] = new("诊疗操作", "procedure", "procedures"),
        ["work_centre"] = new("诊疗单元", "care unit", "care units"),
        ["batch"] = new("病例", "case", "cases"),
        ["defect"] = new("不良事件", "adverse event", "adverse events"),
        ["production"] = new("临床", "clinical", "clinical"),
        ["process"] = new("诊疗流程", "care process", "care processes"),
        ["product"] = new("医疗服务", "service", "services"),
    });

    public static SectorWords Preset(string sector) => sector == Hospital ? HospitalWords : ManufacturingWords;

    /// <summary>One term: its Chinese word and its English singular and plural.</summary>
    internal sealed record Term(string Zh, string En, string EnPlural);
}

/// <summary>The words an organisation uses: a preset sector's, or its own (<see cref="SectorTerms.Custom"/>).</summary>
internal sealed record SectorWords(string Sector, IReadOnlyDictionary<string, SectorTerms.Term> Terms)
{
    /// <summary>The same words (a custom sector is read afresh every half minute; unchanged words need no new texts).</summary>
    public bool SameAs(SectorWords other) =>
        Sector == other.Sector && Terms.Count == other.Terms.Count
        && Terms.All(kv => other.Terms.TryGetValue(kv.Key, out var term) && term == kv.Value);
}
