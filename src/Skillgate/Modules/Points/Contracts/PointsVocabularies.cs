using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Points.Contracts;

/// <summary>The points codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class PointsVocabularies
{
    public static readonly TextVocabulary Category = new("points.category", "growth", "participation", "results", "store");

    /// <summary>What an entry paid for: the rules, and the store's and HR's own entries.</summary>
    public static readonly TextVocabulary Rule = new("points.rule", "class_hours", "correction", "exam", "interaction", "note", "practical", "skill_applied", "store");

    public static readonly TextVocabulary Decision = new("points.decision", "approve", "fulfil", "reject");

    /// <summary>Why the store refused a redemption (besides a short balance, which names the shortfall).</summary>
    public static readonly TextVocabulary RedeemRefusal = new("points.redeem", "limit", "no_stock");

    public static readonly TextVocabulary ApplicationDecision = new("points.application_decision", "confirm", "reject");

    public static readonly TextVocabulary ApplicationStatus = new("points.application_status", "confirmed", "rejected", "submitted");

    public static readonly TextVocabulary ItemKind = new("points.item_kind", "certification_subsidy", "health_check", "other", "paid_leave", "shopping_card");

    public static readonly TextVocabulary RedemptionStatus = new("points.redemption_status", "approved", "fulfilled", "rejected", "reserved");

    public static readonly TextVocabulary NoteDecision = new("points.note_decision", "approve", "return");

    public static readonly TextVocabulary NoteStatus = new("points.note_status", "approved", "returned", "submitted");
}
