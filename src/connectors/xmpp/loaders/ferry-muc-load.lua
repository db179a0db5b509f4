-- Loads group chat rooms (with their history) and the owner's bookmarks from a Ferry room file
-- (XEP-0227 <server-data> with <room xmlns='urn:ferry:pie-muc:0'> under the MUC host) into a
-- RUNNING Prosody 0.12, through Prosody's own room and storage APIs, so it works with any
-- storage backend and needs no restart.
--
--   prosodyctl shell "> return dofile('/path/ferry-muc-load.lua')('/path/rooms.xml')"
--
-- `ferry xmpp load-rooms ROOMS.xml --prosody` runs that line; `ferry export-format xep0227` writes
-- the room file (src/connectors/xmpp/write-rooms.ts) and prints the line with its paths.
--
-- The file must be readable by the user Prosody runs as. Re-running adds nothing twice:
-- archive items are keyed by their id, affiliations and bookmarks are set, not added.
-- Runs inside the server's main loop: a very long room blocks the server while it loads.

local st = require "util.stanza";
local xml = require "util.xml";
local dt = require "util.datetime";
local jid_util = require "util.jid";
local storagemanager = require "core.storagemanager";
local configmanager = require "core.configmanager";

local NS_PIE, NS_ROOM, NS_PIE_MAM = "urn:xmpp:pie:0", "urn:ferry:pie-muc:0", "urn:xmpp:pie:0#mam";
local NS_MUC_USER, NS_BOOKMARKS2 = "http://jabber.org/protocol/muc#user", "urn:xmpp:bookmarks:1";

local function fail(fmt, ...) error(string.format(fmt, ...), 0); end

local function form_values(form)
	local values = {};
	if not form then return values; end
	for field in form:childtags("field") do
		values[field.attr.var] = field:get_child_text("value");
	end
	return values;
end

local function bool(v, default)
	if v == nil then return default; end
	return v == "1" or v == "true";
end

-- Archive items: for the internal store, the whole list is written once (its append with a key
-- reloads and rewrites the whole list for every message: O(n^2)); other stores take append().
local function load_archive(host, node, results)
	local archive = storagemanager.open(host, "muc_log", "archive");
	local _, driver_name = storagemanager.get_driver(host, "muc_log");
	local items = {};
	for result in results:childtags("result", "urn:xmpp:mam:2") do
		local message = result:find("{urn:xmpp:forward:0}forwarded/{jabber:client}message");
		local stamp = result:find("{urn:xmpp:forward:0}forwarded/{urn:xmpp:delay}delay@stamp");
		if not (result.attr.id and message and stamp) then fail("room %s: a <result> lacks its id, delay stamp or message", node); end
		local when = dt.parse(stamp);
		if not when then fail("room %s: bad stamp %q", node, stamp); end
		message = st.clone(message);
		message.attr.xmlns, message.attr.to = nil, nil;
		message.attr.type = "groupchat";
		items[#items + 1] = { key = result.attr.id, stanza = message, when = when };
	end
	local added = 0;
	if driver_name == "internal" then
		local limit = configmanager.get(host, "storage_archive_item_limit") or 10000;
		local dm = storagemanager.olddm;
		local existing = dm.list_load(node, host, "muc_log") or {};
		local seen = {};
		for _, item in ipairs(existing) do seen[item.key] = true; end
		for _, item in ipairs(items) do
			if not seen[item.key] then
				seen[item.key] = true;
				local value = st.preserialize(item.stanza);
				value.when, value.with, value.key = item.when, "message<groupchat", item.key;
				value.attr.stamp = dt.datetime(item.when);
				existing[#existing + 1] = value;
				added = added + 1;
			end
		end
		if #existing >= limit then
			fail("room %s would hold %d archived messages, but storage_archive_item_limit is %d: Prosody would then drop the oldest on the next message. Set storage_archive_item_limit above %d in the config, restart, and run this again.", node, #existing, limit, #existing);
		end
		-- Oldest first: the internal archive serves items in list order. table.sort is not
		-- stable, and messages of the same second must keep their order: sort on (when, position).
		local position = {};
		for i, item in ipairs(existing) do position[item] = i; end
		table.sort(existing, function (a, b)
			local wa, wb = a.when or 0, b.when or 0;
			if wa ~= wb then return wa < wb; end
			return position[a] < position[b];
		end);
		assert(dm.list_store(node, host, "muc_log", existing));
	else
		for _, item in ipairs(items) do
			local ok, err = archive:append(node, item.key, item.stanza, item.when, "message<groupchat");
			if not ok then fail("room %s: archiving %s failed: %s", node, item.key, tostring(err)); end
			added = added + 1;
		end
	end
	return added, #items;
end

local function load_room(host, room_el)
	local host_session = prosody.hosts[host];
	local muc = host_session and host_session.modules.muc;
	if not muc then fail("%s is not a MUC component on this server (Component %q \"muc\" in the config?)", host, host); end
	local node = room_el.attr.name;
	local room_jid = jid_util.prep(node .. "@" .. host);
	if not room_jid then fail("room name %q is not a valid JID localpart", tostring(node)); end
	local room = muc.get_room_from_jid(room_jid);
	local created = false;
	if not room then
		room = assert(muc.create_room(room_jid));
		created = true;
	end
	local config = form_values(room_el:get_child("x", "jabber:x:data"));
	if config["muc#roomconfig_roomname"] then room:set_name(config["muc#roomconfig_roomname"]); end
	if config["muc#roomconfig_roomdesc"] then room:set_description(config["muc#roomconfig_roomdesc"]); end
	room:set_persistent(bool(config["muc#roomconfig_persistentroom"], true));
	room:set_public(bool(config["muc#roomconfig_publicroom"], false));
	room:set_members_only(bool(config["muc#roomconfig_membersonly"], true));
	room:set_whois(config["muc#roomconfig_whois"] == "anyone" and "anyone" or "moderators");
	room._data.archiving = true; -- the archive is the point of the import
	local subject = room_el:get_child("subject", NS_ROOM);
	if subject then
		-- Set directly, not with room:set_subject(), which would broadcast and stamp it now.
		room._data.subject = subject:get_text();
		room._data.subject_from = subject.attr.by and (room_jid .. "/" .. subject.attr.by) or room_jid;
		room._data.subject_time = subject.attr.stamp and dt.parse(subject.attr.stamp) or os.time();
	end
	local affiliations = 0;
	local aff_el = room_el:get_child("affiliations", NS_ROOM);
	for item in (aff_el and aff_el:childtags("item") or function () end) do
		local who = jid_util.prep(item.attr.jid);
		if not who then fail("room %s: affiliation for an invalid JID %q", node, tostring(item.attr.jid)); end
		local data = item.attr.nick and { reserved_nickname = item.attr.nick } or nil;
		local ok, err_type, err = room:set_affiliation(true, who, item.attr.affiliation, nil, data);
		if not ok then fail("room %s: affiliation %s for %s: %s %s", node, tostring(item.attr.affiliation), who, tostring(err_type), tostring(err)); end
		affiliations = affiliations + 1;
	end
	room:save(true);
	local archive_el = room_el:get_child("archive", NS_PIE_MAM);
	local added, total = 0, 0;
	if archive_el then added, total = load_archive(host, node, archive_el); end
	return string.format("%s: %s, %d affiliations, %d of %d messages added", room_jid, created and "created" or "updated", affiliations, added, total);
end

-- The owner's bookmarks: XEP-0402 items in PEP (mod_bookmarks then also answers XEP-0048
-- private-XML queries from them); without mod_bookmarks, the private-XML copy is merged too.
local function load_bookmarks(host, user_el)
	local user = user_el.attr.name;
	local pep = prosody.hosts[host] and prosody.hosts[host].modules.pep;
	if not pep then fail("%s has no mod_pep: cannot store XEP-0402 bookmarks", host); end
	local lines = {};
	local pubsub = user_el:get_child("pubsub", "http://jabber.org/protocol/pubsub");
	local items_el;
	for el in (pubsub and pubsub:childtags("items") or function () end) do
		if el.attr.node == NS_BOOKMARKS2 then items_el = el; end
	end
	if items_el then
		local service = pep.get_pep_service(user);
		local options = { persist_items = true; max_items = "max"; send_last_published_item = "never"; access_model = "whitelist" };
		for item in items_el:childtags("item") do
			local payload = item:get_child("conference", NS_BOOKMARKS2);
			local out = st.stanza("item", { xmlns = "http://jabber.org/protocol/pubsub", id = item.attr.id }):add_child(st.clone(payload));
			local ok, err = service:publish(NS_BOOKMARKS2, true, item.attr.id, out, options);
			if not ok and err == "item-not-found" then
				assert(service:create(NS_BOOKMARKS2, true, options));
				ok, err = service:publish(NS_BOOKMARKS2, true, item.attr.id, out, options);
			end
			if not ok then fail("bookmark %s for %s@%s: %s", item.attr.id, user, host, tostring(err)); end
			lines[#lines + 1] = string.format("bookmark %s for %s@%s (XEP-0402)", item.attr.id, user, host);
		end
	end
	local private = user_el:get_child("query", "jabber:iq:private");
	local storage = private and private:get_child("storage", "storage:bookmarks");
	if storage and not prosody.hosts[host].modules.bookmarks then
		local store = storagemanager.open(host, "private", "map");
		local existing = store:get(user, "storage:storage:bookmarks");
		local merged = existing and st.deserialize(existing) or st.stanza("storage", { xmlns = "storage:bookmarks" });
		for conference in storage:childtags("conference") do
			merged:maptags(function (tag)
				if tag.name == "conference" and tag.attr.jid == conference.attr.jid then return nil; end
				return tag;
			end);
			merged:add_child(st.clone(conference));
		end
		assert(store:set(user, "storage:storage:bookmarks", st.preserialize(merged)));
		lines[#lines + 1] = string.format("XEP-0048 private bookmarks for %s@%s", user, host);
	end
	return table.concat(lines, "; ");
end

return function (path)
	local f, err = io.open(path);
	if not f then fail("cannot read %s: %s (it must be readable by the user Prosody runs as)", path, tostring(err)); end
	local doc, perr = xml.parse(f:read("*a"));
	f:close();
	if not doc then fail("%s is not XML: %s", path, tostring(perr)); end
	if doc.name ~= "server-data" or doc.attr.xmlns ~= NS_PIE then fail("%s is not a XEP-0227 <server-data xmlns='%s'> file", path, NS_PIE); end
	-- Check everything first, so a file the server cannot take changes nothing.
	for host_el in doc:childtags("host", NS_PIE) do
		local host = host_el.attr.jid;
		if not prosody.hosts[host] then fail("host %s is not served by this Prosody", tostring(host)); end
		for room_el in host_el:childtags("room", NS_ROOM) do
			if not (prosody.hosts[host].modules.muc) then fail("%s is not a MUC component on this server", host); end
			if not prosody.hosts[host].modules.muc_mam then
				fail("%s has no mod_muc_mam: rooms would have no archive. Add modules_enabled = { \"muc_mam\" } under its Component line, restart, and run this again. Nothing was changed.", host);
			end
			-- mod_muc_mam deletes room messages older than muc_log_expires_after (default one week):
			-- imported history is old, so it would be deleted by the next daily clean-up.
			local expiry = configmanager.get(host, "muc_log_expires_after") or "1w";
			if expiry ~= "never" then
				fail("%s deletes room messages older than %s (muc_log_expires_after), so the imported history would be deleted. Set muc_log_expires_after = \"never\" under its Component line, restart, and run this again. Nothing was changed.", host, tostring(expiry));
			end
			local _, driver_name = storagemanager.get_driver(host, "muc_log");
			local archive_el = room_el:get_child("archive", NS_PIE_MAM);
			if driver_name == "internal" and archive_el then
				local limit = configmanager.get(host, "storage_archive_item_limit") or 10000;
				local n = #(storagemanager.olddm.list_load(room_el.attr.name, host, "muc_log") or {});
				for _ in archive_el:childtags("result", "urn:xmpp:mam:2") do n = n + 1; end
				if n >= limit then
					fail("room %s@%s would hold up to %d archived messages, but storage_archive_item_limit is %d: Prosody would drop the oldest on the next message. Set storage_archive_item_limit well above %d in the config, restart Prosody, and run this again. Nothing was changed.", room_el.attr.name, host, n, limit, n);
				end
			end
		end
	end
	local report = {};
	for host_el in doc:childtags("host", NS_PIE) do
		local host = host_el.attr.jid;
		if not prosody.hosts[host] then fail("host %s is not served by this Prosody", tostring(host)); end
		for room_el in host_el:childtags("room", NS_ROOM) do report[#report + 1] = load_room(host, room_el); end
		for user_el in host_el:childtags("user", NS_PIE) do
			if not require "core.usermanager".user_exists(user_el.attr.name, host) then
				fail("account %s@%s does not exist: import its XEP-0227 file (or register it) first", user_el.attr.name, host);
			end
			report[#report + 1] = load_bookmarks(host, user_el);
		end
	end
	return table.concat(report, "\n");
end
