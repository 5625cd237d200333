using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Standards.Contracts;

/// <summary>The standards codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class StandardsVocabularies
{
    public static readonly TextVocabulary ChangeType = new("standards.change", "major", "major_help", "minor", "minor_help");

    public static readonly TextVocabulary DocumentKind = new("standards.kind", "external", "sop", "standard", "work_instruction");

    public static readonly TextVocabulary VersionStatus = new("version", "approved", "draft", "effective", "in_review", "superseded", "withdrawn");
}
