using MimeKit;

namespace Skillgate.Platform.Notifications;

internal static class EmailAddress
{
    /// <summary>One plain mailbox (<c>name@domain</c>, no display name, no group), as MimeKit will send it.</summary>
    public static bool TryParse(string? text, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(text.Trim(), out var parsed)
            || !string.IsNullOrEmpty(parsed.Name) || parsed.Address.IndexOf('@', StringComparison.Ordinal) is <= 0 || parsed.Address.EndsWith('@'))
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }
}
