namespace Skillgate.Platform.Audit;

/// <summary>
/// How a module names its records, codes and form fields when they appear in a change history (a course id in a session's
/// history, a unit type's code in an org unit's, a workflow form's field). Each module registers one; <see cref="ReadableHistory"/>
/// asks them all at once.
/// </summary>
/// <param name="RecordNamesSql">Rows <c>(id uuid, name_zh text, name_en text)</c> for the ids in <c>@ids</c> that are this module's records.</param>
/// <param name="CodeNamesSql">Optional rows <c>(field text, code text, name_zh text, name_en text)</c> for the codes in <c>@codes</c> the module names.</param>
/// <param name="FieldLabelsSql">Optional rows <c>(key text, name_zh text, name_en text)</c> labelling the field keys in <c>@keys</c> the module defines.</param>
/// <param name="CodeTexts">Optional field → text key prefix for codes named in the UI texts (<c>outcome</c> → <c>workflow.outcome.</c>).</param>
internal sealed record HistoryVocabulary(
    string RecordNamesSql, string? CodeNamesSql = null, string? FieldLabelsSql = null, IReadOnlyDictionary<string, string>? CodeTexts = null);
