namespace Skillgate.Modules.Organization.Domain;

/// <summary>A record of the organisation known by a unique code (an org unit, a post, a shift group).</summary>
internal interface ICodedRecord
{
    string Code { get; }
}
