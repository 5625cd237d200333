namespace Skillgate.Modules.Needs.Analysis;

/// <summary>
/// One piece of evidence calling for training. SignalKey identifies the evidence (taken once); DedupeKey identifies what and where,
/// so signals about the same training for the same people join one open need. People are looked up only for a signal not taken yet.
/// </summary>
internal sealed record NeedSignal(
    string SignalKey, string Source, Guid? RuleId, string DedupeKey, string Title, Guid? CourseId, Guid? SkillId, Guid? OrgUnitId, string ScopeLabel,
    EvidenceItem Evidence, string Priority, DateOnly DueOn, Func<CancellationToken, Task<IReadOnlyList<Guid>>> People);

/// <summary>
/// What the need page shows as the reason: a text (a text key and its arguments, so it reads in each user's language) and, for
/// metrics, the series with its chart.
/// </summary>
internal sealed record EvidenceItem(string Source, string Key, IReadOnlyList<string> Args, IReadOnlyList<string>? Periods = null, IReadOnlyList<double>? Values = null, IReadOnlyList<long>? Counts = null)
{
    public string Render(IReadOnlyDictionary<string, string> texts) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.GetValueOrDefault(Key, Key), Args.Cast<object>().ToArray());
}
