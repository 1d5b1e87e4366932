import { useEffect, useRef } from "react";
import mapboxgl from "mapbox-gl";
import "mapbox-gl/dist/mapbox-gl.css";

// public token, URL-restricted to *.parcelpost.io
mapboxgl.accessToken =
  "pk.eyJ1IjoicGFyY2VscG9zdCIsImEiOiJjbHI4eDJrOWEwYjFjMmQzZTRmNWc2aDdpIn0.{{rand:22:base64url}}";

export function MapView({ lng, lat }: { lng: number; lat: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const map = new mapboxgl.Map({ container: el.current, style: "mapbox://styles/mapbox/light-v11", center: [lng, lat], zoom: 11 });
    new mapboxgl.Marker().setLngLat([lng, lat]).addTo(map);
    return () => map.remove();
  }, [lng, lat]);
  return <div ref={el} className="h-80 w-full rounded" />;
}
