namespace RoadmapPrioritizer.Infrastructure.Accounts;

/// <summary>
/// A key of ASP.NET Core Data Protection, which signs sign-in cookies and antiforgery tokens. Kept in
/// the database so a restart or a second instance keeps everyone signed in.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = string.Empty;

    public string Xml { get; set; } = string.Empty;
}
