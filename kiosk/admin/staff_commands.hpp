// kasir-admin's staff and audit commands: accounts, PINs, badges, permissions, shifts, hours,
// performance, the audit log and its verification, suspended transactions. Every change goes
// through kiosk::staff::StaffService and is audited as "admin:<unix user>".
#pragma once

#include <string>

#include "kiosk/admin/commands.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::admin {

// "admin:<unix user>" (the effective user's login name, else $USER, else the uid).
std::string adminActor();

// PINs are read from stdin: one line each; on a terminal with echo off, asked twice when
// `confirm`. Never from the command line (shell history, ps).
int runStaffAdd(Context& context, const std::string& id, const std::string& name,
                const std::string& role);
int runStaffList(Context& context, bool includeInactive);
int runStaffSetRole(Context& context, const std::string& id, const std::string& role);
int runStaffSetActive(Context& context, const std::string& id, bool active);
int runStaffResetPin(Context& context, const std::string& id);
int runStaffUnlock(Context& context, const std::string& id);
// Issues a new badge (the old one stops working) and writes its card as SVG to `outFile`; the
// badge text goes to `textFile` too when given.
int runStaffBadge(Context& context, const std::string& id, const std::string& outFile,
                  const std::string& textFile);
int runStaffPermissions(Context& context);
int runStaffPermit(Context& context, const std::string& role, const std::string& action,
                   bool allowed);
int runStaffClock(Context& context, const std::string& id, bool in);
// Dates are YYYY-MM-DD in the store's local time, both included. `csvFile` "-": stdout.
int runStaffHours(Context& context, const std::string& from, const std::string& to,
                  const std::string& csvFile);
int runStaffReport(Context& context, const std::string& from, const std::string& to);
int runAudit(Context& context, int limit, const std::string& staffId, const std::string& action);
int runVerifyAudit(Context& context);
int runSuspended(Context& context, bool includeResumed);

// The demo staff (Ana 1 attendant 1357, Budi 2 supervisor 2468, Citra 3 manager 8024), each
// with a badge written to <dir>/<id>.svg and its text to <dir>/<id>.txt.
Result<void> seedDemoStaff(storage::Store& store, const std::string& badgeDir,
                           const std::string& storeName, Context& context);

}  // namespace kiosk::admin
