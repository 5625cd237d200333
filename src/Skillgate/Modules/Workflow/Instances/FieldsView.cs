using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>
/// What the fields partial draws: a step's fields, the values entered so far, and the choices of reference fields; Enforce marks
/// required fields for the browser too (not where a return or rejection may leave them empty).
/// </summary>
internal sealed record FieldsView(
    string Prefix, IReadOnlyList<FieldDef> Fields, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, IReadOnlyList<(string Value, string Label)>> Options, Texts Texts, bool Enforce)
{
    /// <summary>A choice's label: its text in the resources when it has one (pass, fail, yes, no), else the option as written.</summary>
    public string OptionLabel(string option)
    {
        var text = Texts[WorkflowVocabularies.FieldOption, option];
        return text.ResourceNotFound ? option : text.Value;
    }
}
