using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Accounts;

/// <summary>
/// Data Protection keys in the app's own database (DataProtection.EntityFrameworkCore is not in our
/// registry), so restarts and every instance on one database share them.
/// </summary>
public sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        return db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
